/*
 * The small local daily counter behind the day-level signals (video share and minutes, visio minutes, visits to
 * generative-AI, cloud-storage and webmail services, the largest download). Kept in browser.storage.local by the
 * background (./daily-store.ts), computed on the device and never sent anywhere: it holds no URL and no site,
 * only sums per day. Pure functions here; the store does the I/O.
 */
import type { PageObservations, PageTotals } from '../measure/types';
import { serviceOf } from './catalogue';
import type { ServiceCategory } from './types';
import { isDayKey, localDay, type DayKey } from './week';

/** Categories whose visits are counted (trackers are counted per page, not visited). */
export const VISIT_CATEGORIES = ['video', 'visio', 'genai', 'cloud_storage', 'webmail'] as const satisfies readonly ServiceCategory[];
export type VisitCategory = (typeof VISIT_CATEGORIES)[number];

export interface DayCounter {
  day: DayKey;
  /** Pages counted. */
  pages: number;
  /** Every byte of those pages. */
  bytes: number;
  /** Of which video (see `pageContribution`). */
  videoBytes: number;
  visioBytes: number;
  /** Time spent on video and visio pages, estimated from page lifetimes (minutes, fractional). */
  videoMinutes: number;
  visioMinutes: number;
  visits: Record<VisitCategory, number>;
  /** Size of the largest single download of the day, bytes (0: none seen). */
  largestDownload: number;
}

/** What the daily counter needs of a page: its figures, never kept. */
export interface PageInput {
  url: string;
  startedAt: number;
  totals: Pick<PageTotals, 'bytes' | 'byKind' | 'byParty'>;
  observed: Pick<PageObservations, 'thirdPartySites'>;
}

/** One page's share of a day, as `DayCounter` fields without the day. */
export type Contribution = Omit<DayCounter, 'day' | 'largestDownload'>;

/**
 * A page left open in a background tab is not being watched: its lifetime counts for at most this long.
 * Three hours covers a long meeting or film; beyond it the estimate would mostly count idle tabs.
 */
export const MAX_PAGE_MINUTES = 180;
/** A page outside the known video services counts as watching video when video is most of it and at least this big. */
export const VIDEO_PAGE_MIN_BYTES = 1_000_000;

export function emptyDay(day: DayKey): DayCounter {
  return {
    day,
    pages: 0,
    bytes: 0,
    videoBytes: 0,
    visioBytes: 0,
    videoMinutes: 0,
    visioMinutes: 0,
    visits: { video: 0, visio: 0, genai: 0, cloud_storage: 0, webmail: 0 },
    largestDownload: 0,
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * One page's contribution to its day, at time `now` (the page's end for a finished page, the present for the
 * page on screen). How each figure is computed:
 * - visits: one visit to the category of the page's own host in seeds/services.json (mail.google.com is
 *   webmail, chatgpt.com generative AI); third-party services on the page are not visits.
 * - videoBytes: every byte of a page on a known video service; elsewhere the page's media bytes (audio and
 *   video elements, `byKind.media`), plus its third-party fetch/XHR bytes when a known video service is among
 *   its third-party sites (embedded players stream segments by fetch from their CDN). The ledger keeps no
 *   bytes per site, so this is the closest the page's totals allow.
 * - visioBytes: every byte of a page on a known visio service.
 * - minutes: the page's lifetime (now − start, capped at MAX_PAGE_MINUTES) on a video or visio service, or on
 *   any page where video is at least half the bytes and at least VIDEO_PAGE_MIN_BYTES.
 */
export function pageContribution(page: PageInput, now: number): Contribution {
  const category = serviceOf(hostOf(page.url))?.category;
  const { bytes, byKind, byParty } = page.totals;
  const embedsVideo = page.observed.thirdPartySites.some((site) => serviceOf(site)?.category === 'video');
  let videoBytes: number;
  if (category === 'video') videoBytes = bytes;
  else {
    // Third-party XHR bytes are not split by party in the totals: bound them by both figures.
    const streamed = embedsVideo ? Math.min(byKind.xhr, byParty.third) : 0;
    videoBytes = Math.min(bytes, byKind.media + streamed);
  }
  const visioBytes = category === 'visio' ? bytes : 0;
  const minutes = Math.min(MAX_PAGE_MINUTES, Math.max(0, now - page.startedAt) / 60_000);
  const watchedVideo = category === 'video' || (videoBytes >= VIDEO_PAGE_MIN_BYTES && videoBytes * 2 >= bytes);
  const visits = { video: 0, visio: 0, genai: 0, cloud_storage: 0, webmail: 0 };
  if (category !== undefined && category !== 'tracker') visits[category] = 1;
  return {
    pages: 1,
    bytes,
    videoBytes,
    visioBytes,
    videoMinutes: watchedVideo ? minutes : 0,
    visioMinutes: category === 'visio' ? minutes : 0,
    visits,
  };
}

/** The day with a contribution added (a new object: counters are values). */
export function addContribution(day: DayCounter, c: Contribution): DayCounter {
  const visits = { ...day.visits };
  for (const k of VISIT_CATEGORIES) visits[k] += c.visits[k];
  return {
    ...day,
    pages: day.pages + c.pages,
    bytes: day.bytes + c.bytes,
    videoBytes: day.videoBytes + c.videoBytes,
    visioBytes: day.visioBytes + c.visioBytes,
    videoMinutes: day.videoMinutes + c.videoMinutes,
    visioMinutes: day.visioMinutes + c.visioMinutes,
    visits,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The persisted shape: { version: 1, days: DayCounter[] } with the most recent days only.

export const DAILY_VERSION = 1;
/** Only today feeds the signals; a week is kept so a clock change or a late page still finds its day. */
export const DAYS_KEPT = 8;

export interface DailyStore {
  version: typeof DAILY_VERSION;
  days: DayCounter[];
}

/** Records finished pages, each on the day it started, and keeps the most recent DAYS_KEPT days. */
export function recordPages(store: DailyStore, pages: readonly PageInput[], now: number): DailyStore {
  let days = store.days;
  for (const page of pages) {
    if (page.totals.bytes <= 0 && page.url === '') continue;
    const key = localDay(page.startedAt || now);
    days = upsert(days, key, (day) => addContribution(day, pageContribution(page, now)));
  }
  return { version: DAILY_VERSION, days: trim(days) };
}

/** Notes a download of `bytes` on day `localDay(now)`. */
export function recordDownload(store: DailyStore, bytes: number, now: number): DailyStore {
  if (!Number.isFinite(bytes) || bytes <= 0) return store;
  const days = upsert(store.days, localDay(now), (day) => ({ ...day, largestDownload: Math.max(day.largestDownload, bytes) }));
  return { version: DAILY_VERSION, days: trim(days) };
}

export function dayOf(store: DailyStore, day: DayKey): DayCounter {
  return store.days.find((d) => d.day === day) ?? emptyDay(day);
}

function upsert(days: DayCounter[], key: DayKey, change: (day: DayCounter) => DayCounter): DayCounter[] {
  const index = days.findIndex((d) => d.day === key);
  if (index < 0) return [...days, change(emptyDay(key))];
  const next = days.slice();
  next[index] = change(days[index]!);
  return next;
}

function trim(days: DayCounter[]): DayCounter[] {
  return [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)).slice(-DAYS_KEPT);
}

/**
 * Reads the stored counter. Sums are not precious (they feed tips of the day only), so a malformed day is
 * dropped rather than the whole store; a store from a newer version (a downgrade) starts empty without being
 * overwritten until the next page finishes.
 */
export function parseDailyStore(raw: unknown): DailyStore {
  const value = raw as { version?: unknown; days?: unknown } | undefined;
  if (value?.version !== DAILY_VERSION || !Array.isArray(value.days)) return { version: DAILY_VERSION, days: [] };
  const days = (value.days as unknown[]).filter(isDayCounter);
  return { version: DAILY_VERSION, days: trim(days) };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isDayCounter(v: unknown): v is DayCounter {
  const d = v as Partial<DayCounter> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    isDayKey(d.day) &&
    [d.pages, d.bytes, d.videoBytes, d.visioBytes, d.videoMinutes, d.visioMinutes, d.largestDownload].every(isCount) &&
    typeof d.visits === 'object' &&
    d.visits !== null &&
    VISIT_CATEGORIES.every((k) => isCount(d.visits![k]))
  );
}

/**
 * Size of a download from its response headers: a response served as an attachment with a valid
 * Content-Length. Undefined for anything else (a page, or an attachment of unknown size).
 */
export function downloadSize(headers: readonly { name: string; value?: string }[] | undefined): number | undefined {
  if (!headers) return undefined;
  let attachment = false;
  let length: number | undefined;
  for (const h of headers) {
    const name = h.name.toLowerCase();
    if (name === 'content-disposition' && /^\s*attachment/i.test(h.value ?? '')) attachment = true;
    if (name === 'content-length' && /^\d+$/.test((h.value ?? '').trim())) length = Number(h.value);
  }
  return attachment && length !== undefined && Number.isSafeInteger(length) ? length : undefined;
}
