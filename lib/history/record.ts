import type { PageState } from '../measure/types';
import { dayOf } from './dates';
import { RECORD_KINDS, type PageRecord } from './types';

/** Schemes of pages people browse; the extension's own pages and browser pages are not history. */
const WEB_SCHEMES = /^(https?|wss?|ftp):/i;

/**
 * The history record of a finished page, or null when there is nothing worth keeping (an empty tab, a page
 * that transferred nothing, a non-web page). Only the registrable domain is kept: the URL stops here.
 */
export function toPageRecord(page: PageState, grams: number, model: { model: string; version: number }): PageRecord | null {
  const { totals } = page;
  if (!page.site || totals.bytes <= 0) return null;
  // A tab whose URL was never seen (loaded before the worker listened) still has its site from its requests.
  if (page.url && !WEB_SCHEMES.test(page.url)) return null;
  if (!Number.isFinite(grams) || grams < 0) return null;
  return {
    time: page.startedAt,
    day: dayOf(page.startedAt),
    site: page.site,
    bytes: totals.bytes,
    estimatedBytes: totals.estimatedBytes,
    requests: totals.requests,
    grams,
    model: model.model,
    modelVersion: model.version,
    kinds: RECORD_KINDS.map((kind) => totals.byKind[kind] ?? 0),
    parties: [totals.byParty.first, totals.byParty.third],
  };
}
