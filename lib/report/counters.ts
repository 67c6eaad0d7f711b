/*
 * The report's own weekly counters, kept in storage.local under "report:counters" while reporting is on (and
 * deleted when it is turned off): the bytes of the pages measured each week, and the days on which a page was
 * measured. They exist so that the report's weight band and active days do not depend on the local history
 * (which the person may turn off). Only the band of the total leaves the device, never the byte count.
 *
 * Stored shape, version 1: { version: 1, weeks: { "2026-W49": { bytes: 123456789, days: ["2026-12-01"] } } }
 */
import { isDayKey, isWeekKey } from '../tips/week';
import type { DayKey, WeekKey } from './week';
import { addWeeks } from './week';

export const COUNTERS_KEY = 'report:counters';
/** Enough for the week being reported and the catch-up of a browser closed for a few weeks. */
export const COUNTER_WEEKS_KEPT = 10;
/** Beyond any plausible week (a petabyte): a corrupted or hostile value cannot overflow the sum. */
const MAX_BYTES = 2 ** 50;

export interface WeekCounter {
  bytes: number;
  /** Sorted, unique local days on which at least one page was measured. */
  days: DayKey[];
}

export interface Counters {
  version: 1;
  weeks: Record<WeekKey, WeekCounter>;
}

export function emptyCounters(): Counters {
  return { version: 1, weeks: {} };
}

/** Adds measured pages to the week of `day`; drops weeks older than kept. Pure. */
export function addPages(counters: Counters, bytes: number, week: WeekKey, day: DayKey): Counters {
  const add = Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : 0;
  const current = counters.weeks[week] ?? { bytes: 0, days: [] };
  const days = current.days.includes(day) ? current.days : [...current.days, day].sort();
  const weeks: Record<WeekKey, WeekCounter> = { ...counters.weeks, [week]: { bytes: Math.min(MAX_BYTES, current.bytes + add), days } };
  const oldest = addWeeks(week, -(COUNTER_WEEKS_KEPT - 1));
  for (const w of Object.keys(weeks)) if (w < oldest) delete weeks[w];
  return { version: 1, weeks };
}

/** Stored counters are untrusted: malformed weeks are dropped one by one. */
export function parseCounters(raw: unknown): Counters {
  const out = emptyCounters();
  const value = raw as { version?: unknown; weeks?: unknown } | null | undefined;
  if (typeof value !== 'object' || value === null || value.version !== 1) return out;
  if (typeof value.weeks !== 'object' || value.weeks === null) return out;
  for (const [week, c] of Object.entries(value.weeks as Record<string, unknown>)) {
    const counter = c as Partial<WeekCounter> | null;
    if (!isWeekKey(week) || typeof counter !== 'object' || counter === null) continue;
    if (typeof counter.bytes !== 'number' || !Number.isSafeInteger(counter.bytes) || counter.bytes < 0) continue;
    const days = Array.isArray(counter.days) ? [...new Set(counter.days.filter(isDayKey))].sort() : [];
    out.weeks[week] = { bytes: Math.min(MAX_BYTES, counter.bytes), days };
  }
  return out;
}
