/**
 * ISO 8601 week arithmetic. A week is handled as an ordinal (weeks since the Monday 1969-12-29) so that ranges
 * and "N weeks ago" are plain integer operations; strings are "YYYY-Www", which also sort correctly as text.
 */
import { isIsoWeek, isoWeeksInYear } from '../../lib/report/payload';

const DAY_MS = 86_400_000;

/** Ordinal of the ISO week containing the given UTC date. */
export function weekOrdinalOfDate(date: Date): number {
  const day = Math.floor(date.getTime() / DAY_MS); // days since 1970-01-01, a Thursday
  return Math.floor((day + 3) / 7); // Monday 1969-12-29 starts ordinal 0
}

export function weekOrdinal(week: string): number {
  if (!isIsoWeek(week)) throw new Error(`not an ISO week: ${week}`);
  const year = Number(week.slice(0, 4));
  const n = Number(week.slice(6));
  // 4 January is always in week 1.
  return weekOrdinalOfDate(new Date(Date.UTC(year, 0, 4))) + n - 1;
}

export function weekFromOrdinal(ordinal: number): string {
  // The Thursday of a week decides its ISO year; ordinal 0's Thursday is day 0, 1970-01-01.
  const thursday = new Date(ordinal * 7 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const n = ordinal - weekOrdinalOfDate(new Date(Date.UTC(year, 0, 4))) + 1;
  if (n < 1 || n > isoWeeksInYear(year)) throw new Error(`week ordinal out of range: ${ordinal}`);
  return `${year}-W${String(n).padStart(2, '0')}`;
}

export function weekOfDate(date: Date): string {
  return weekFromOrdinal(weekOrdinalOfDate(date));
}

/** "YYYY-MM-DD" (a calendar day, UTC) to its ISO week. */
export function weekOfDay(day: string): string {
  return weekOfDate(new Date(`${day}T00:00:00Z`));
}

export function addWeeks(week: string, n: number): string {
  return weekFromOrdinal(weekOrdinal(week) + n);
}

/** Every week from `from` to `to` inclusive, oldest first. */
export function weekRange(from: string, to: string): string[] {
  const a = weekOrdinal(from);
  const b = weekOrdinal(to);
  const out: string[] = [];
  for (let o = a; o <= b; o += 1) out.push(weekFromOrdinal(o));
  return out;
}
