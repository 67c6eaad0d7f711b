/*
 * Calendar helpers for the local counters. Days are the person's local calendar days ("2026-12-03"); weeks are
 * ISO 8601 weeks ("2026-W49": weeks start on Monday, week 1 is the one that holds the year's first Thursday),
 * the unit of the weekly anonymous report. Pure: the caller passes the time.
 */

/** A local calendar day, `YYYY-MM-DD`. */
export type DayKey = string;
/** An ISO week, `YYYY-Www`. */
export type WeekKey = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local calendar day of an instant (ms since the epoch), in this machine's time zone. */
export function localDay(ms: number): DayKey {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isDayKey(value: unknown): value is DayKey {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isWeekKey(value: unknown): value is WeekKey {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (!m) return false;
  const week = Number(m[2]);
  return week >= 1 && week <= weeksInIsoYear(Number(m[1]));
}

/**
 * The ISO week of a calendar day. Computed on the date alone (UTC arithmetic on Y-M-D), so neither the time zone
 * nor daylight saving can move a day into the neighbouring week. 2026-12-03 is "2026-W49"; 2027-01-01 (a Friday)
 * is "2026-W53"; 2024-12-30 (a Monday) is "2025-W01".
 */
export function isoWeek(day: DayKey): WeekKey {
  const m = DAY.exec(day);
  if (!m || !isDayKey(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  // The Thursday of the same ISO week decides the year.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const firstOfYear = Date.UTC(year, 0, 1);
  const week = Math.floor((date.getTime() - firstOfYear) / 86_400_000 / 7) + 1;
  return `${year}-W${pad(week)}`;
}

/** Days from `from` to `to` (positive when `to` is later); both are calendar days, so DST does not matter. */
export function daysBetween(from: DayKey, to: DayKey): number {
  return Math.round((utcOf(to) - utcOf(from)) / 86_400_000);
}

/** The day `n` days after `day` (negative `n` goes back). */
export function addDays(day: DayKey, n: number): DayKey {
  const date = new Date(utcOf(day) + n * 86_400_000);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function weeksInIsoYear(year: number): number {
  // A year has 53 ISO weeks when 28 December falls in week 53.
  return isoWeek(`${year}-12-28`).endsWith('W53') ? 53 : 52;
}

function utcOf(day: DayKey): number {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
