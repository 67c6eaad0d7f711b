/*
 * The persisted queue of weekly reports: when each report is built, when it is sent, how failures are retried.
 * Pure functions over plain data (the caller passes the time and the randomness), so that the rules can be
 * tested exhaustively and the state survives worker and browser restarts as JSON in storage.local.
 *
 * Exactly once: a report is stored with its random id before the first attempt and only leaves the queue when the
 * collector has acknowledged it (202). A send interrupted by a stopped worker or a closed browser is retried with
 * the same id, and the collector counts an id once.
 */
import { findReportProblem, isIsoWeek, type WeeklyReport } from './payload';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** Retries stop 8 weeks after a report was first due. */
export const GIVE_UP_AFTER = 8 * WEEK;
const FIRST_RETRY = HOUR;
const MAX_RETRY = 2 * DAY;

export type ItemStatus = 'pending' | 'sent' | 'rejected' | 'expired';

export interface QueueItem {
  report: WeeklyReport;
  /** When the report may first be sent: a random moment of the week after the one it describes. */
  dueAt: number;
  nextAttemptAt: number;
  attempts: number;
  status: ItemStatus;
  /** Plain reason of the last failure, shown in the options page. */
  lastError?: string;
  /** ISO week in which the collector acknowledged it (no finer time is kept). */
  sentWeek?: string;
}

export interface QueueState {
  version: 1;
  items: QueueItem[];
  /** Weeks for which a report was built (sent or not), so that none is built twice. */
  builtWeeks: string[];
  /**
   * ISO week in which reporting was last turned on (absent while it is off). Weeks before it are never reported:
   * the person (or the policy) agreed from that week on, not before.
   */
  onSince?: string;
}

export const EMPTY_QUEUE: QueueState = { version: 1, items: [], builtWeeks: [] };
/** Weeks remembered in builtWeeks: longer than any report can stay pending, so a week is never built twice. */
const BUILT_WEEKS_KEPT = 60;
/** Items kept for the options page's "what was sent" once they are done. */
const KEEP_DONE = 12;

/** A random moment within the week that starts at `weekStart`: reports do not all arrive at once, nor at a telling time. */
export function randomMomentOfWeek(weekStart: number, random: () => number): number {
  return weekStart + Math.floor(random() * WEEK);
}

/**
 * When a report built now should first be sent: a random moment of the week that starts at `sendWeekStart`, but
 * never in the past. A report built late (the browser was closed on Monday) draws its moment from what is left of
 * that week, so that the moment stays uniform over the time still available instead of piling up on "now"; a
 * report whose sending week is already over (built weeks late) goes within a day.
 */
export function dueMoment(sendWeekStart: number, now: number, random: () => number): number {
  const from = Math.max(now, sendWeekStart);
  const end = sendWeekStart + WEEK;
  const span = end - from > 0 ? end - from : DAY;
  return from + Math.floor(random() * span);
}

/** Queues a report built for a finished week; refuses a report that does not match the contract. */
export function enqueue(state: QueueState, report: WeeklyReport, dueAt: number): QueueState {
  if (state.builtWeeks.includes(report.week)) return state;
  const problem = findReportProblem(report);
  if (problem) throw new Error(`invalid report: ${problem.field} ${problem.message}`);
  return {
    ...state,
    items: [...state.items, { report, dueAt, nextAttemptAt: dueAt, attempts: 0, status: 'pending' }],
    builtWeeks: [...state.builtWeeks, report.week].sort().slice(-BUILT_WEEKS_KEPT),
  };
}

/** Reports whose time has come. */
export function due(state: QueueState, now: number): QueueItem[] {
  return state.items.filter((item) => item.status === 'pending' && item.nextAttemptAt <= now);
}

export type SendOutcome =
  | { kind: 'accepted' }
  /** The collector refused this report for good (400 invalid, 413 too large): retrying would not help. */
  | { kind: 'refused'; reason: string }
  /** Down, unreachable, 5xx, 429, or 401 (a token being rotated): try again later. */
  | { kind: 'failed'; reason: string };

/**
 * Classifies a collector's answer (or a network error, status 0). Only 202 counts as accepted: the collector
 * answers 202 both for a stored report and for an id it already has, which is what makes re-sending safe. A 200
 * could be a captive portal or a proxy's page, not the collector: it is retried like an outage.
 */
export function outcomeOf(status: number, reason = ''): SendOutcome {
  if (status === 202) return { kind: 'accepted' };
  if (status === 400 || status === 413 || status === 422) return { kind: 'refused', reason: reason || `HTTP ${status}` };
  return { kind: 'failed', reason: reason || (status === 0 ? 'network error' : `HTTP ${status}`) };
}

/**
 * Records the outcome of an attempt. Failures back off exponentially (1 h, 2 h, 4 h… at most 2 days) with full
 * jitter, so that installs do not all retry together when the collector comes back; after 8 weeks the report
 * expires.
 */
export function settle(state: QueueState, reportId: string, outcome: SendOutcome, now: number, nowWeek: string, random: () => number): QueueState {
  const items = state.items.map((item): QueueItem => {
    if (item.report.reportId !== reportId || item.status !== 'pending') return item;
    const attempts = item.attempts + 1;
    switch (outcome.kind) {
      case 'accepted':
        return { ...item, attempts, status: 'sent', sentWeek: nowWeek, lastError: undefined };
      case 'refused':
        return { ...item, attempts, status: 'rejected', lastError: outcome.reason };
      case 'failed': {
        const ceiling = Math.min(MAX_RETRY, FIRST_RETRY * 2 ** Math.min(attempts - 1, 16));
        const nextAttemptAt = now + Math.max(60_000, Math.floor(random() * ceiling));
        const expired = nextAttemptAt > item.dueAt + GIVE_UP_AFTER;
        return { ...item, attempts, nextAttemptAt, status: expired ? 'expired' : 'pending', lastError: outcome.reason };
      }
    }
  });
  return prune({ ...state, items });
}

/**
 * Expires pending reports that were due more than 8 weeks ago without a single answer (the browser stayed closed,
 * reporting had no network): the collector would refuse them as too old, and they no longer describe a recent week.
 */
export function expireOld(state: QueueState, now: number): QueueState {
  if (!state.items.some((item) => item.status === 'pending' && now > item.dueAt + GIVE_UP_AFTER)) return state;
  const items = state.items.map((item): QueueItem =>
    item.status === 'pending' && now > item.dueAt + GIVE_UP_AFTER
      ? { ...item, status: 'expired', lastError: item.lastError ?? 'not sent within 8 weeks' }
      : item,
  );
  return prune({ ...state, items });
}

/** Keeps every pending item and only the most recent finished ones. */
function prune(state: QueueState): QueueState {
  const pending = state.items.filter((item) => item.status === 'pending');
  const done = state.items.filter((item) => item.status !== 'pending').slice(-KEEP_DONE);
  return { ...state, items: [...done, ...pending].sort((a, b) => a.dueAt - b.dueAt) };
}

/**
 * Turning reporting off drops what was not sent yet: nothing leaves the machine after the person said no. The
 * dropped weeks stay in builtWeeks, so turning reporting on again does not build them anew.
 */
export function dropPending(state: QueueState): QueueState {
  const { onSince: _dropped, ...rest } = state;
  return { ...rest, items: state.items.filter((item) => item.status !== 'pending') };
}

export type QueueParseStatus = 'empty' | 'ok' | 'newer' | 'unreadable';

const STATUSES: readonly ItemStatus[] = ['pending', 'sent', 'rejected', 'expired'];

function isItem(value: unknown): value is QueueItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as QueueItem;
  return (
    findReportProblem(item.report) === null &&
    Number.isFinite(item.dueAt) &&
    Number.isFinite(item.nextAttemptAt) &&
    Number.isInteger(item.attempts) &&
    item.attempts >= 0 &&
    STATUSES.includes(item.status) &&
    (item.lastError === undefined || typeof item.lastError === 'string') &&
    (item.sentWeek === undefined || (typeof item.sentWeek === 'string' && isIsoWeek(item.sentWeek)))
  );
}

/**
 * State read from storage is untrusted. Malformed items are dropped one by one; the weeks of every item kept are
 * added back to builtWeeks, so that a damaged list can never make a week be built (and counted) twice. A value
 * written by a newer version is reported as 'newer' and must not be overwritten (the caller stops).
 */
export function parseQueue(raw: unknown): { state: QueueState; status: QueueParseStatus } {
  if (raw === undefined || raw === null) return { state: EMPTY_QUEUE, status: 'empty' };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { state: EMPTY_QUEUE, status: 'unreadable' };
  const value = raw as Partial<Record<keyof QueueState, unknown>>;
  if (typeof value.version === 'number' && value.version > 1) return { state: EMPTY_QUEUE, status: 'newer' };
  if (value.version !== 1 || !Array.isArray(value.items)) return { state: EMPTY_QUEUE, status: 'unreadable' };
  const items = (value.items as unknown[]).filter(isItem);
  const built = Array.isArray(value.builtWeeks) ? (value.builtWeeks as unknown[]).filter((w): w is string => typeof w === 'string' && isIsoWeek(w)) : [];
  for (const item of items) if (!built.includes(item.report.week)) built.push(item.report.week);
  const state: QueueState = { version: 1, items, builtWeeks: [...new Set(built)].sort().slice(-BUILT_WEEKS_KEPT) };
  if (typeof value.onSince === 'string' && isIsoWeek(value.onSince)) state.onSince = value.onSince;
  return { state, status: 'ok' };
}
