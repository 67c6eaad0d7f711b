/*
 * Shapes of the on-device history (IndexedDB, written by the background only). Nothing here holds a URL: a page
 * record keeps the registrable domain ("site") and figures, never the address.
 */
import type { Kind } from '../measure/types';

/** Kinds in the order the compact arrays (`kinds`) use. Frozen with schema version 2: a new kind needs a migration. */
export const RECORD_KINDS = ['document', 'script', 'stylesheet', 'image', 'font', 'media', 'xhr', 'websocket', 'other'] as const satisfies readonly Kind[];

/** One finished page load (schema version 2). All byte counts are integers. */
export interface PageRecord {
  /** Auto-increment key; absent before the record is written. */
  id?: number;
  /** When the page started loading, ms since the epoch. */
  time: number;
  /** Local calendar day of `time` (YYYY-MM-DD), the day whose rollup counts it. */
  day: string;
  /** Registrable domain only. */
  site: string;
  bytes: number;
  /** Of `bytes`, what the browser could not measure and the extension estimated. */
  estimatedBytes: number;
  requests: number;
  /** CO2e of `bytes` with the model below, with the grid chosen when the page ended. */
  grams: number;
  model: string;
  modelVersion: number;
  /** Bytes per kind, in RECORD_KINDS order. */
  kinds: number[];
  /** Bytes from the page's own site and from other sites. */
  parties: [first: number, third: number];
}

/** Per-site figures inside a day: [pages, bytes, estimatedBytes, requests, grams]. A tuple keeps a year small. */
export type SiteFigures = [pages: number, bytes: number, estimatedBytes: number, requests: number, grams: number];

/** Everything recorded on one local day (schema version 2): totals, by kind, by party and by site. */
export interface DailyRecord {
  day: string;
  pages: number;
  bytes: number;
  estimatedBytes: number;
  requests: number;
  grams: number;
  kinds: number[];
  parties: [first: number, third: number];
  sites: Record<string, SiteFigures>;
  /** Models (`swd/4`) whose grams were added to this day, so a later model change stays visible. */
  models: string[];
}

/**
 * Everything recorded in one local calendar month (schema version 3): the same figures as a day, kept so that the
 * 12-month view reads 12 rows instead of 365 (it took 450 ms with a year of days, see BENCHMARKS.md).
 */
export interface MonthlyRecord extends Omit<DailyRecord, 'day'> {
  /** YYYY-MM. */
  month: string;
}

export const PERIODS = ['today', '7d', '30d', '12m'] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodTotals {
  pages: number;
  bytes: number;
  estimatedBytes: number;
  requests: number;
  grams: number;
  byKind: Record<Kind, number>;
  byParty: { first: number; third: number };
}

export interface TrendPoint {
  /** `14` (hour of today), `2026-12-03` (day) or `2026-12` (month). */
  key: string;
  bytes: number;
  grams: number;
  pages: number;
}

export interface SiteTotals {
  site: string;
  pages: number;
  bytes: number;
  grams: number;
}

export interface HistorySummary {
  period: Period;
  /** First and last local day of the period (inclusive). */
  from: string;
  to: string;
  totals: PeriodTotals;
  /** The period of the same length just before, or null when history does not cover it entirely. */
  previous: PeriodTotals | null;
  trend: TrendPoint[];
  /** Heaviest sites of the period, heaviest first (at most 10). */
  topSites: SiteTotals[];
  /** Models that produced the grams shown. */
  models: string[];
  /** Oldest day still in history, or null when it is empty. */
  since: string | null;
}

export type UnavailableReason = 'no-indexeddb' | 'open-failed' | 'blocked' | 'migration-failed' | 'closed';

export type HistoryStatus = { state: 'opening' } | { state: 'ready' } | { state: 'unavailable'; reason: UnavailableReason };

/** A reply from the background about history: the data, or why history cannot be read right now. */
export type HistoryReply<T> = { available: true; data: T } | { available: false; reason: UnavailableReason | 'error' };

/** Everything the user can take away (see docs/history.md). */
export interface HistoryExport {
  pages: PageRecord[];
  daily: DailyRecord[];
}
