// Builders for the tips tests: pages as the measurement's ledger holds them.
import type { PageObservations, PageTotals } from '../../../lib/measure/types';
import type { SignalPage } from '../../../lib/tips/signals';

export function totals(parts: { bytes?: number; media?: number; xhr?: number; third?: number; document?: number } = {}): PageTotals {
  const media = parts.media ?? 0;
  const xhr = parts.xhr ?? 0;
  const document = parts.document ?? Math.max(0, (parts.bytes ?? media + xhr) - media - xhr);
  const bytes = parts.bytes ?? document + media + xhr;
  const third = parts.third ?? 0;
  return {
    bytes,
    estimatedBytes: 0,
    requests: 3,
    byKind: { document, script: 0, stylesheet: 0, image: 0, font: 0, media, xhr, websocket: 0, other: 0 },
    byParty: { first: bytes - third, third },
  };
}

export function observed(parts: Partial<PageObservations> = {}): PageObservations {
  return { thirdPartySites: [], uncompressedTextBytes: 0, uncacheableStatic: 0, fontFiles: 0, ...parts };
}

export function page(url: string, startedAt: number, t: PageTotals = totals(), o: PageObservations = observed()): SignalPage {
  return { url, startedAt, totals: t, observed: o };
}

/** Local noon of a calendar day, so that a few hours either way stay on the same day. */
export function noon(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12, 0, 0).getTime();
}

export const MINUTE = 60_000;
