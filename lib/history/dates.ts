/*
 * Calendar days in the user's local time zone, as YYYY-MM-DD strings (they sort like dates and read like them).
 * "Today" is the user's today, not UTC's: a page read at 00:30 in Le Mans belongs to that day.
 */
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function dayOf(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY_RE.exec(value);
  if (!m) return false;
  return dayOf(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime()) === value;
}

function parts(day: string): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Local midnight at the start of `day`, in ms. */
export function startOfDay(day: string): number {
  const [y, m, d] = parts(day);
  return new Date(y, m - 1, d).getTime();
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return dayOf(new Date(y, m - 1, d + n).getTime());
}

/** The same day of the month `n` months away, clamped to the month's last day (31 March - 1 month = 28/29 Feb). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const last = new Date(y, m - 1 + n + 1, 0).getDate();
  return dayOf(new Date(y, m - 1 + n, Math.min(d, last)).getTime());
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function firstOfMonth(day: string): string {
  return `${monthOf(day)}-01`;
}
