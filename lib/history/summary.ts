/*
 * What the dashboard shows for a period, computed from the daily rollups (and, for today's hourly trend, from the
 * page records). Pure: the background reads the records, this folds them.
 */
import { KINDS } from '../measure/types';
import { addDays, addMonths, dayOf, firstOfMonth, monthOf, startOfDay } from './dates';
import { RECORD_KINDS, type DailyRecord, type HistorySummary, type PageRecord, type Period, type PeriodTotals, type SiteTotals, type TrendPoint } from './types';

export const TOP_SITES = 10;

export interface PeriodRange {
  from: string;
  to: string;
  /** The period of the same length just before. */
  previousFrom: string;
  previousTo: string;
  /** Trend buckets: hours of today, days, or months. */
  unit: 'hour' | 'day' | 'month';
}

/** Periods end today (local) and include it: "7 days" is today and the 6 days before. */
export function periodRange(period: Period, now: number): PeriodRange {
  const today = dayOf(now);
  switch (period) {
    case 'today':
      return { from: today, to: today, previousFrom: addDays(today, -1), previousTo: addDays(today, -1), unit: 'hour' };
    case '7d':
    case '30d': {
      const length = period === '7d' ? 7 : 30;
      const from = addDays(today, 1 - length);
      return { from, to: today, previousFrom: addDays(from, -length), previousTo: addDays(from, -1), unit: 'day' };
    }
    case '12m': {
      // Twelve calendar months, this one included, so that the trend's bars are whole months (but this one).
      const from = addMonths(firstOfMonth(today), -11);
      return { from, to: today, previousFrom: addMonths(from, -12), previousTo: addDays(from, -1), unit: 'month' };
    }
  }
}

export function emptyTotals(): PeriodTotals {
  return {
    pages: 0,
    bytes: 0,
    estimatedBytes: 0,
    requests: 0,
    grams: 0,
    byKind: Object.fromEntries(KINDS.map((kind) => [kind, 0])) as PeriodTotals['byKind'],
    byParty: { first: 0, third: 0 },
  };
}

function addDay(totals: PeriodTotals, day: DailyRecord): void {
  totals.pages += day.pages;
  totals.bytes += day.bytes;
  totals.estimatedBytes += day.estimatedBytes;
  totals.requests += day.requests;
  totals.grams += day.grams;
  RECORD_KINDS.forEach((kind, i) => {
    totals.byKind[kind] += day.kinds[i] ?? 0;
  });
  totals.byParty.first += day.parties[0];
  totals.byParty.third += day.parties[1];
}

function buckets(range: PeriodRange): string[] {
  if (range.unit === 'hour') return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  const keys: string[] = [];
  if (range.unit === 'day') {
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) keys.push(day);
  } else {
    for (let day = range.from; day <= range.to; day = addMonths(day, 1)) keys.push(monthOf(day));
  }
  return keys;
}

/**
 * @param days daily records from `previousFrom` to `to` (others are ignored)
 * @param todayPages page records of today, for the hourly trend (ignored for other periods)
 * @param since oldest day in history: the previous period is compared only when history covers all of it
 */
export function summarize(period: Period, now: number, days: DailyRecord[], todayPages: PageRecord[], since: string | null): HistorySummary {
  const range = periodRange(period, now);
  const totals = emptyTotals();
  const previous = emptyTotals();
  const trend = new Map<string, TrendPoint>(buckets(range).map((key) => [key, { key, bytes: 0, grams: 0, pages: 0 }]));
  const sites = new Map<string, SiteTotals>();
  const models = new Set<string>();

  for (const day of days) {
    if (day.day >= range.previousFrom && day.day <= range.previousTo) {
      addDay(previous, day);
      continue;
    }
    if (day.day < range.from || day.day > range.to) continue;
    addDay(totals, day);
    for (const model of day.models) models.add(model);
    if (range.unit !== 'hour') {
      const point = trend.get(range.unit === 'day' ? day.day : monthOf(day.day));
      if (point) {
        point.bytes += day.bytes;
        point.grams += day.grams;
        point.pages += day.pages;
      }
    }
    for (const [site, [pages, bytes, , , grams]] of Object.entries(day.sites)) {
      const entry = sites.get(site) ?? { site, pages: 0, bytes: 0, grams: 0 };
      entry.pages += pages;
      entry.bytes += bytes;
      entry.grams += grams;
      sites.set(site, entry);
    }
  }
  if (range.unit === 'hour') {
    const start = startOfDay(range.from);
    for (const page of todayPages) {
      if (page.day !== range.from || page.time < start) continue;
      const point = trend.get(String(new Date(page.time).getHours()).padStart(2, '0'));
      if (point) {
        point.bytes += page.bytes;
        point.grams += page.grams;
        point.pages += 1;
      }
    }
  }

  const topSites = [...sites.values()].sort((a, b) => b.bytes - a.bytes || a.site.localeCompare(b.site)).slice(0, TOP_SITES);
  return {
    period,
    from: range.from,
    to: range.to,
    totals,
    previous: since !== null && since <= range.previousFrom ? previous : null,
    trend: [...trend.values()],
    topSites,
    models: [...models].sort(),
    since,
  };
}
