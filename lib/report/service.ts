/*
 * The weekly report in the background: keeps the week's counters from the measured pages, builds each finished
 * week's report, queues it in storage.local and sends it at a random moment of the following week, retrying with
 * backoff until the collector acknowledges it (queue.ts has the rules). Every dependency is injected (storage,
 * policy, settings, clock, randomness, fetch) so that tests can run it against fake clocks and failing networks.
 *
 * Exactly once: ticks are serialised; a built report is saved with its id before the first attempt; an attempt
 * whose answer was lost (worker stopped, browser closed) is repeated with the same id, which the collector counts
 * once. Storage keys: report:queue (queue.ts), report:counters (counters.ts), report:prefs (config.ts),
 * report:clockOffsetMs (tests only, see setClockOffset).
 */
import { parseTipState, TIP_STATE_KEY } from '../tips/state';
import { buildReport, hadActivity, teamForReport } from './builder';
import { addPages, COUNTERS_KEY, parseCounters } from './counters';
import {
  applyPrefsChange,
  parseManagedReporting,
  parsePrefs,
  PREFS_KEY,
  resolveConfig,
  type PrefsChange,
  type ReportConfig,
} from './config';
import type { WeeklyReport } from './payload';
import { dropPending, due, dueMoment, enqueue, expireOld, outcomeOf, parseQueue, settle, type QueueState, type SendOutcome } from './queue';
import { parseTeamSummary, type TeamSummaryResult } from './team';
import type { ReportQueueView, ReportStatus, ReportUpdateResult } from './types';
import { addWeeks, weekOf, weekStartOf } from './week';
import { localDay } from '../tips/week';

export const QUEUE_KEY = 'report:queue';
export const CLOCK_OFFSET_KEY = 'report:clockOffsetMs';
/** At most this many finished weeks are caught up on (a browser closed for a while); older ones are not reported. */
const CATCH_UP_WEEKS = 4;
const SEND_TIMEOUT_MS = 30_000;
/** A test may move the report clock by at most a year either way. */
const MAX_CLOCK_OFFSET = 366 * 86_400_000;

export interface KeyValueStorage {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface HttpAnswer {
  status: number;
  json(): Promise<unknown>;
}

export interface ReportDeps {
  storage: KeyValueStorage;
  /** The managed policy (storage.managed), {} when there is none. */
  readManaged(): Promise<unknown>;
  /** Role and team code in force (the person's settings with the policy on top). */
  loadSettings(): Promise<{ role: string; teamCode: string }>;
  /** The browser's clock; the report clock adds the test offset to it. */
  now(): number;
  random(): number;
  uuid(): string;
  fetch(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<HttpAnswer>;
  isKnownTip(id: string): boolean;
  /**
   * The browser's own consent to the transmission (Firefox's optional data-collection permission; always true in
   * Chromium). Without it reporting is off, whatever the settings and the policy say.
   */
  consent?(): Promise<boolean>;
}

export class ReportService {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReportDeps) {}

  /** Runs `task` after every earlier one: ticks, page counts and changes never interleave their read-modify-writes. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task, task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private async clock(): Promise<number> {
    const stored = await this.deps.storage.get([CLOCK_OFFSET_KEY]);
    const offset = stored[CLOCK_OFFSET_KEY];
    return this.deps.now() + (typeof offset === 'number' && Number.isFinite(offset) && Math.abs(offset) <= MAX_CLOCK_OFFSET ? offset : 0);
  }

  private async config(): Promise<ReportConfig> {
    const [stored, managed] = await Promise.all([this.deps.storage.get([PREFS_KEY]), this.deps.readManaged().catch(() => ({}))]);
    return resolveConfig(parsePrefs(stored[PREFS_KEY]), parseManagedReporting(managed));
  }

  /** Reports are built and sent: configured, switched on, and consented to by the browser. */
  private async activeConfig(): Promise<{ config: ReportConfig; consent: boolean; active: boolean }> {
    const [config, consent] = await Promise.all([this.config(), this.deps.consent ? this.deps.consent().catch(() => false) : Promise.resolve(true)]);
    return { config, consent, active: config.active && consent };
  }

  private async queue(): Promise<{ state: QueueState; writable: boolean }> {
    const stored = await this.deps.storage.get([QUEUE_KEY]);
    const { state, status } = parseQueue(stored[QUEUE_KEY]);
    if (status === 'unreadable') console.warn('Empreinte: the report queue was unreadable; its valid parts were kept');
    // A queue written by a newer version of Empreinte is left alone (and nothing is sent) rather than replaced.
    return { state, writable: status !== 'newer' };
  }

  private saveQueue(state: QueueState): Promise<void> {
    return this.deps.storage.set({ [QUEUE_KEY]: state });
  }

  /** Counts finished pages into the current week, while reporting is on. */
  recordPages(pages: readonly { totals: { bytes: number } }[]): Promise<void> {
    if (pages.length === 0) return Promise.resolve();
    return this.serial(async () => {
      if (!(await this.activeConfig()).active) return;
      const now = await this.clock();
      const bytes = pages.reduce((sum, page) => sum + (Number.isFinite(page.totals.bytes) ? Math.max(0, page.totals.bytes) : 0), 0);
      const stored = await this.deps.storage.get([COUNTERS_KEY]);
      await this.deps.storage.set({ [COUNTERS_KEY]: addPages(parseCounters(stored[COUNTERS_KEY]), bytes, weekOf(now), localDay(now)) });
    });
  }

  /** What the hourly alarm runs: follows the configuration, builds finished weeks' reports, sends what is due. */
  tick(): Promise<void> {
    return this.serial(() => this.runTick());
  }

  private async runTick(): Promise<void> {
    const { config, active } = await this.activeConfig();
    const { state: loaded, writable } = await this.queue();
    if (!writable) return;
    let state = loaded;
    if (!active) {
      // Off (or no collector any more): what was waiting is dropped and the counters go with it.
      if (state.onSince !== undefined || state.items.some((item) => item.status === 'pending')) await this.saveQueue(dropPending(state));
      await this.deps.storage.remove([COUNTERS_KEY]);
      return;
    }
    const now = await this.clock();
    const currentWeek = weekOf(now);
    if (state.onSince === undefined) state = { ...state, onSince: currentWeek };
    state = await this.buildFinishedWeeks(state, now);
    state = expireOld(state, now);
    if (state !== loaded) await this.saveQueue(state);
    // Saved before the first attempt: from here on the report exists with its id, whatever happens to this worker.
    for (const item of due(state, now)) {
      const outcome = await this.send(config, item.report);
      state = settle(state, item.report.reportId, outcome, now, currentWeek, this.deps.random);
      await this.saveQueue(state);
    }
  }

  private async buildFinishedWeeks(state: QueueState, now: number): Promise<QueueState> {
    const currentWeek = weekOf(now);
    const candidates: string[] = [];
    for (let back = CATCH_UP_WEEKS; back >= 1; back--) {
      const week = addWeeks(currentWeek, -back);
      if (state.onSince !== undefined && week >= state.onSince && !state.builtWeeks.includes(week)) candidates.push(week);
    }
    if (candidates.length === 0) return state;
    const stored = await this.deps.storage.get([TIP_STATE_KEY, COUNTERS_KEY]);
    const tips = parseTipState(stored[TIP_STATE_KEY]).state;
    const counters = parseCounters(stored[COUNTERS_KEY]);
    const settings = await this.deps.loadSettings();
    const sendWeekStart = weekStartOf(now);
    let next = state;
    for (const week of candidates) {
      const counter = counters.weeks[week];
      if (!hadActivity(week, tips, counter)) continue;
      const report = buildReport({ week, reportId: this.deps.uuid(), role: settings.role, teamCode: settings.teamCode, tips, counter, isKnownTip: this.deps.isKnownTip });
      // The week right after the reported one is "now"'s week; a late catch-up goes within the current week too.
      next = enqueue(next, report, dueMoment(sendWeekStart, now, this.deps.random));
    }
    return next;
  }

  private async send(config: ReportConfig, report: WeeklyReport): Promise<SendOutcome> {
    if (!config.collectorUrl || !config.enrollmentToken) return outcomeOf(0, 'no collector configured');
    let answer: HttpAnswer;
    try {
      answer = await this.deps.fetch(`${config.collectorUrl}/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${config.enrollmentToken}` },
        body: JSON.stringify(report),
      });
    } catch {
      return outcomeOf(0);
    }
    if (answer.status === 202) return outcomeOf(202);
    const body = (await answer.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
    const reason = [body?.error, body?.message].filter((x) => typeof x === 'string').join(': ').slice(0, 300);
    return outcomeOf(answer.status, reason || `HTTP ${answer.status}`);
  }

  /** Applies a change from the options page; turning reporting off drops what was not sent yet at once. */
  update(change: PrefsChange): Promise<ReportUpdateResult> {
    const result = this.serial(async (): Promise<ReportUpdateResult> => {
      const before = await this.config();
      const stored = await this.deps.storage.get([PREFS_KEY]);
      const applied = applyPrefsChange(parsePrefs(stored[PREFS_KEY]), change, before.locked);
      if ('problem' in applied) return { ok: false, problem: applied };
      await this.deps.storage.set({ [PREFS_KEY]: applied.prefs });
      return { ok: true, status: await this.statusNow() };
    });
    // Then follow the new configuration (drop, or start counting from this week) before answering.
    return result.then(async (r) => (r.ok ? (await this.tick(), { ok: true, status: await this.status() }) : r));
  }

  /** Moves the report clock (end-to-end tests only; the background accepts it from extension pages only). */
  setClockOffset(offsetMs: number): Promise<void> {
    if (!Number.isInteger(offsetMs) || Math.abs(offsetMs) > MAX_CLOCK_OFFSET) return Promise.reject(new RangeError('clock offset out of range'));
    return this.serial(() => (offsetMs === 0 ? this.deps.storage.remove([CLOCK_OFFSET_KEY]) : this.deps.storage.set({ [CLOCK_OFFSET_KEY]: offsetMs })));
  }

  status(): Promise<ReportStatus> {
    return this.serial(() => this.statusNow());
  }

  private async statusNow(): Promise<ReportStatus> {
    const [{ config, consent, active }, now, { state }, settings] = await Promise.all([this.activeConfig(), this.clock(), this.queue(), this.deps.loadSettings()]);
    const currentWeek = weekOf(now);
    let next: ReportStatus['next'] = null;
    if (active) {
      const stored = await this.deps.storage.get([TIP_STATE_KEY, COUNTERS_KEY]);
      const tips = parseTipState(stored[TIP_STATE_KEY]).state;
      // Counting starts when reporting is turned on: a week without pages yet would be sent in the lowest band.
      const counter = parseCounters(stored[COUNTERS_KEY]).weeks[currentWeek] ?? { bytes: 0, days: [] };
      next = {
        report: buildReport({ week: currentWeek, reportId: this.deps.uuid(), role: settings.role, teamCode: settings.teamCode, tips, counter, isKnownTip: this.deps.isKnownTip }),
        sendWeek: addWeeks(currentWeek, 1),
      };
    }
    const queue: ReportQueueView[] = [...state.items]
      .sort((a, b) => (a.status === 'pending' ? 0 : 1) - (b.status === 'pending' ? 0 : 1) || b.dueAt - a.dueAt)
      .map((item) => ({
        report: item.report,
        status: item.status,
        dueAt: item.dueAt,
        nextAttemptAt: item.nextAttemptAt,
        attempts: item.attempts,
        ...(item.lastError ? { lastError: item.lastError } : {}),
        ...(item.sentWeek ? { sentWeek: item.sentWeek } : {}),
      }));
    return {
      now,
      currentWeek,
      config: {
        collectorUrl: config.collectorUrl,
        enrollmentTokenSet: config.enrollmentToken !== null,
        teamTokenSet: config.teamToken !== null,
        configured: config.configured,
        enabled: config.enabled,
        consent,
        active,
        locked: config.locked,
        policyDefault: config.policyDefault,
        chosen: config.chosen,
      },
      team: teamForReport(settings.teamCode),
      next,
      queue,
    };
  }

  /** The ambassador's team summary, with the team token, from the collector. */
  async teamSummary(weeks = 12): Promise<TeamSummaryResult> {
    const config = await this.config();
    if (!config.collectorUrl) return { kind: 'unavailable', reason: 'not-configured' };
    if (!config.teamToken) return { kind: 'unavailable', reason: 'no-token' };
    const mapping = teamForReport((await this.deps.loadSettings()).teamCode);
    if (mapping.kind !== 'same' && mapping.kind !== 'mapped') return { kind: 'unavailable', reason: 'no-team' };
    let answer: HttpAnswer;
    try {
      answer = await this.deps.fetch(`${config.collectorUrl}/v1/teams/${encodeURIComponent(mapping.team)}/summary?weeks=${weeks}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${config.teamToken}` },
      });
    } catch {
      return { kind: 'failed', reason: 'network' };
    }
    if (answer.status === 401) return { kind: 'failed', reason: 'unauthorized', status: 401 };
    if (answer.status === 403) return { kind: 'failed', reason: 'forbidden', status: 403 };
    if (answer.status !== 200) return { kind: 'failed', reason: 'server', status: answer.status };
    const summary = parseTeamSummary(await answer.json().catch(() => undefined));
    return summary ? { kind: 'ok', summary } : { kind: 'failed', reason: 'invalid-answer' };
  }
}

/** Fetch as the background uses it: no cookies, no referrer, no cache, no redirect (the token must not follow one). */
export function collectorFetch(timeoutMs = SEND_TIMEOUT_MS): ReportDeps['fetch'] {
  return (url, init) =>
    fetch(url, {
      ...init,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
}
