/*
 * Week arithmetic for the report, on the person's local calendar (the same days and ISO weeks as the tip counters
 * of lib/tips/week): a week starts on Monday at local midnight.
 */
import { addDays, isoWeek, localDay, type DayKey, type WeekKey } from '../tips/week';

export type { DayKey, WeekKey };

/** The ISO week of an instant, on the local calendar. */
export function weekOf(ms: number): WeekKey {
  return isoWeek(localDay(ms));
}

/** Local midnight of the Monday of the week holding `ms` (23 or 25 hours from a neighbour across DST: that is fine). */
export function weekStartOf(ms: number): number {
  const d = new Date(ms);
  const weekday = d.getDay() || 7; // Monday 1 … Sunday 7
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - (weekday - 1)).getTime();
}

/** The Monday (a calendar day) of an ISO week: 4 January is always in week 1. */
export function mondayOf(week: WeekKey): DayKey {
  const year = Number(week.slice(0, 4));
  const n = Number(week.slice(6));
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekday = jan4.getUTCDay() || 7;
  return addDays(`${year}-01-04`, -(weekday - 1) + 7 * (n - 1));
}

/** The week `n` weeks after `week` (negative `n` goes back). */
export function addWeeks(week: WeekKey, n: number): WeekKey {
  return isoWeek(addDays(mondayOf(week), 7 * n));
}

/** Whether `day` (a calendar day) falls in `week`. */
export function dayInWeek(day: DayKey, week: WeekKey): boolean {
  return isoWeek(day) === week;
}
