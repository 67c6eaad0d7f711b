/**
 * The report service against a fake clock, an in-memory storage and the real collector (server/src/app.ts through
 * app.inject, SQLite in a temporary directory) behind a fetch that can be cut, or lose the answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/src/app';
import { loadCatalogue } from '../../../server/src/indicators/catalogue';
import { SqliteStore } from '../../../server/src/store';
import { TokenRegistry } from '../../../server/src/tokens';
import { PREFS_KEY } from '../../../lib/report/config';
import { COUNTERS_KEY } from '../../../lib/report/counters';
import { HOUR, DAY, WEEK, type QueueState } from '../../../lib/report/queue';
import { CLOCK_OFFSET_KEY, QUEUE_KEY, ReportService, type HttpAnswer, type KeyValueStorage, type ReportDeps } from '../../../lib/report/service';
import { getTip } from '../../../lib/tips/catalogue';
import { TIP_STATE_KEY, emptyTipState, type TipState } from '../../../lib/tips/state';

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  async get(keys: string[]) {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (this.data.has(k)) out[k] = JSON.parse(this.data.get(k)!);
    return out;
  }
  async set(items: Record<string, unknown>) {
    for (const [k, v] of Object.entries(items)) this.data.set(k, JSON.stringify(v));
  }
  async remove(keys: string[]) {
    for (const k of keys) this.data.delete(k);
  }
  read<T>(key: string): T | undefined {
    return this.data.has(key) ? (JSON.parse(this.data.get(key)!) as T) : undefined;
  }
}

const TUESDAY_W48 = new Date(2026, 10, 24, 10, 0).getTime();
const MONDAY_W49 = new Date(2026, 10, 30, 8, 0).getTime();

let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let enrollment: string;
let now: number;
let storage: MemoryStorage;
let network: 'up' | 'down' | 'lose-answer';
let requests: { method: string; url: string; authorization?: string; body?: unknown }[];
let settings: { role: string; teamCode: string };

const fetchViaCollector: ReportDeps['fetch'] = async (url, init) => {
  if (network === 'down') throw new TypeError('Failed to fetch');
  const u = new URL(url);
  requests.push({ method: init.method, url: u.pathname + u.search, authorization: init.headers.authorization, body: init.body ? JSON.parse(init.body) : undefined });
  const res = await app.inject({ method: init.method as 'GET', url: u.pathname + u.search, headers: init.headers, ...(init.body ? { payload: init.body } : {}) });
  if (network === 'lose-answer') throw new TypeError('network changed');
  return { status: res.statusCode, json: async () => res.json() } satisfies HttpAnswer;
};

function service(overrides: Partial<ReportDeps> = {}): ReportService {
  return new ReportService({
    storage,
    readManaged: async () => ({}),
    loadSettings: async () => settings,
    now: () => now,
    random: () => 0.5,
    uuid: () => randomUUID(),
    fetch: fetchViaCollector,
    isKnownTip: (id) => getTip(id) !== undefined,
    ...overrides,
  });
}

function tipsOfW48(): TipState {
  return {
    ...emptyTipState(),
    guideOpenedAt: '2026-11-24',
    weekly: { '2026-W48': { guideOpened: true, charterAcknowledged: false, tipsShown: 3, tipsAdopted: ['video-quality'] } },
    activeDays: ['2026-11-24'],
  };
}

const queueOf = () => storage.read<QueueState>(QUEUE_KEY)!;
const posts = () => requests.filter((r) => r.method === 'POST');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-service-'));
  store = new SqliteStore(join(dir, 'collector.sqlite'));
  await store.migrate();
  app = await buildApp({ store, catalogue: loadCatalogue('seeds'), now: () => new Date(now), rateLimit: false, publishLagWeeks: 0 });
  now = TUESDAY_W48;
  enrollment = await new TokenRegistry(store).issue('enrollment', null, '2026-W48');
  storage = new MemoryStorage();
  network = 'up';
  requests = [];
  settings = { role: 'agent', teamCode: 'DSI' };
  await storage.set({ [PREFS_KEY]: { version: 1, enabled: true, collectorUrl: 'http://127.0.0.1:8787', enrollmentToken: enrollment } });
});

afterEach(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReportService', () => {
  it('sends the finished week once, through an outage, a lost answer and worker restarts', async () => {
    let worker = service();
    await worker.tick(); // reporting noticed on in W48
    expect(queueOf().onSince).toBe('2026-W48');
    await worker.recordPages([{ totals: { bytes: 200_000_000 } }, { totals: { bytes: 150_000_000 } }]);
    await storage.set({ [TIP_STATE_KEY]: tipsOfW48() });
    await worker.tick();
    expect(queueOf().items).toEqual([]); // the week is not over

    // Monday of the next week: built and queued for a random moment of this week (random 0.5: halfway through
    // what is left of it), nothing sent yet.
    now = MONDAY_W49;
    await worker.tick();
    const [item] = queueOf().items;
    const weekEnd = new Date(2026, 11, 7).getTime();
    expect(item).toMatchObject({ status: 'pending', attempts: 0, dueAt: MONDAY_W49 + Math.floor((weekEnd - MONDAY_W49) / 2) });
    expect(posts()).toHaveLength(0);
    const report = item!.report;
    expect(report).toEqual({
      schema: 1,
      reportId: report.reportId,
      week: '2026-W48',
      role: 'agent',
      team: 'dsi',
      activeDays: 1,
      guideOpenedThisWeek: true,
      guideOpenedEver: true,
      charterAcknowledged: false,
      tipsShown: 3,
      tipsAdopted: ['video-quality'],
      weightBand: '100MB-1GB',
    });

    // Collector down when it is due: retried later, the same report.
    network = 'down';
    now = item!.dueAt;
    await worker.tick();
    expect(queueOf().items[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'network error' });

    // The worker is stopped and a new one starts: the queue is all it knows.
    worker = service();
    now = queueOf().items[0]!.nextAttemptAt;
    await worker.tick();
    expect(queueOf().items[0]).toMatchObject({ status: 'pending', attempts: 2 });

    // The collector stores it but the answer never arrives (the browser closed, the network changed).
    network = 'lose-answer';
    now = queueOf().items[0]!.nextAttemptAt;
    await worker.tick();
    expect(queueOf().items[0]).toMatchObject({ status: 'pending', attempts: 3 });
    expect(await store.allReports()).toHaveLength(1);

    // Back to normal, in yet another worker: re-sent with the same id, acknowledged as a duplicate, done.
    network = 'up';
    worker = service();
    now = queueOf().items[0]!.nextAttemptAt;
    await worker.tick();
    expect(queueOf().items[0]).toMatchObject({ status: 'sent', attempts: 4, sentWeek: '2026-W49' });
    expect(posts().map((p) => (p.body as { reportId: string }).reportId)).toEqual([report.reportId, report.reportId]);
    expect(posts().every((p) => p.authorization === `Bearer ${enrollment}` && p.url === '/v1/reports')).toBe(true);

    // Weeks go by: nothing more is sent, nothing is built for weeks without activity.
    for (let i = 1; i <= 20; i++) {
      now += 12 * HOUR;
      await worker.tick();
    }
    expect(posts()).toHaveLength(2);
    const stored = await store.allReports();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ reportId: report.reportId, week: '2026-W48', team: 'dsi', tipsAdopted: ['video-quality'], weightBand: '100MB-1GB' });

    // What the options page shows: the sent report, exactly as sent.
    const status = await worker.status();
    expect(status.queue).toEqual([expect.objectContaining({ status: 'sent', report })]);
  });

  it('sends nothing and builds nothing while no collector is configured', async () => {
    await storage.set({ [PREFS_KEY]: { version: 1, enabled: true } });
    const worker = service();
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 1_000 } }]);
    await storage.set({ [TIP_STATE_KEY]: tipsOfW48() });
    now = MONDAY_W49 + WEEK;
    await worker.tick();
    expect(requests).toEqual([]);
    expect(storage.read(QUEUE_KEY)).toBeUndefined();
    expect(storage.read(COUNTERS_KEY)).toBeUndefined();
    expect((await worker.status()).next).toBeNull();
  });

  it('never reports a week before reporting was turned on', async () => {
    await storage.set({ [PREFS_KEY]: { version: 1, enabled: false, collectorUrl: 'http://127.0.0.1:8787', enrollmentToken: enrollment } });
    await storage.set({ [TIP_STATE_KEY]: tipsOfW48() });
    const worker = service();
    await worker.tick();
    now = MONDAY_W49;
    const result = await worker.update({ enabled: true });
    expect(result.ok).toBe(true);
    now += 2 * WEEK;
    await worker.tick();
    expect(queueOf().items).toEqual([]); // W48's activity predates the consent; W49 and W50 had none
    expect(queueOf().onSince).toBe('2026-W49');
  });

  it('drops the pending report and the counters at once when the person turns reporting off', async () => {
    const worker = service();
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 5 } }]);
    now = MONDAY_W49;
    await worker.tick();
    expect(queueOf().items).toHaveLength(1);
    const result = await worker.update({ enabled: false });
    expect(result.ok && result.status.config.active).toBe(false);
    expect(queueOf().items).toEqual([]);
    expect(storage.read(COUNTERS_KEY)).toBeUndefined();
    // Turning it on again does not rebuild the dropped week.
    await worker.update({ enabled: true });
    now += WEEK;
    await worker.tick();
    expect(posts()).toEqual([]);
    expect(queueOf().items).toEqual([]);
  });

  it('builds one report when ticks overlap', async () => {
    const worker = service({ random: () => 0 }); // due as soon as it is built
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 5 } }]);
    now = new Date(2026, 11, 6, 23, 0).getTime(); // Sunday night of W49: due at once
    await Promise.all([worker.tick(), worker.tick(), worker.tick()]);
    expect(queueOf().items).toHaveLength(1);
    expect(await store.allReports()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it('stops retrying a report the collector refuses', async () => {
    const worker = service({ random: () => 0, fetch: async () => ({ status: 400, json: async () => ({ error: 'unknown_tip', message: "The field 'tipsAdopted[0]' is not a tip of the catalogue." }) }) });
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 5 } }]);
    now = new Date(2026, 11, 6, 23, 0).getTime();
    await worker.tick();
    expect(queueOf().items[0]).toMatchObject({ status: 'rejected', attempts: 1, lastError: "unknown_tip: The field 'tipsAdopted[0]' is not a tip of the catalogue." });
  });

  it('gives up after 8 weeks of outage', async () => {
    const worker = service();
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 5 } }]);
    network = 'down';
    now = MONDAY_W49;
    for (let i = 0; i < 10 * 14; i++) {
      await worker.tick();
      now += 12 * HOUR;
    }
    const item = queueOf().items.find((i) => i.report.week === '2026-W48')!;
    expect(item.status).toBe('expired');
    expect(item.attempts).toBeGreaterThan(20);
  });

  it('leaves alone a queue written by a newer version', async () => {
    const newer = { version: 2, items: [{ anything: true }] };
    await storage.set({ [QUEUE_KEY]: newer });
    const worker = service();
    await worker.recordPages([{ totals: { bytes: 5 } }]);
    now = MONDAY_W49 + WEEK;
    await worker.tick();
    expect(storage.read(QUEUE_KEY)).toEqual(newer);
    expect(requests).toEqual([]);
  });

  it('honours the test clock offset, within a year', async () => {
    const worker = service();
    await worker.setClockOffset(WEEK);
    expect((await worker.status()).currentWeek).toBe('2026-W49');
    await expect(worker.setClockOffset(400 * DAY)).rejects.toThrow('out of range');
    await worker.setClockOffset(0);
    expect(storage.read(CLOCK_OFFSET_KEY)).toBeUndefined();
  });

  it('previews the current week as it stands, with the mapped team', async () => {
    const worker = service();
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 2_000_000_000 } }]);
    await storage.set({ [TIP_STATE_KEY]: tipsOfW48() });
    const status = await worker.status();
    expect(status.team).toEqual({ kind: 'mapped', code: 'DSI', team: 'dsi' });
    expect(status.next?.sendWeek).toBe('2026-W49');
    expect(status.next?.report).toMatchObject({ week: '2026-W48', team: 'dsi', weightBand: '1-5GB', tipsAdopted: ['video-quality'], activeDays: 1 });
    expect(status.config).toMatchObject({ configured: true, active: true, collectorUrl: 'http://127.0.0.1:8787', enrollmentTokenSet: true, teamTokenSet: false });
    expect(JSON.stringify(status)).not.toContain(enrollment); // tokens never go to the pages
  });

  it('fetches the team summary with the team token, and says why it cannot', async () => {
    const worker = service();
    expect(await worker.teamSummary()).toEqual({ kind: 'unavailable', reason: 'no-token' });
    const created = await app.inject({ method: 'POST', url: '/v1/teams/dsi/tokens', headers: { authorization: `Bearer ${await new TokenRegistry(store).issue('admin', null, '2026-W48')}` }, payload: {} });
    const teamToken = created.json().token as string;
    await worker.update({ teamToken });
    const result = await worker.teamSummary();
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.summary.team).toBe('dsi');
    expect(result.summary.weeks).toHaveLength(12);
    expect(result.summary.weeks.at(-1)).toMatchObject({ week: '2026-W48', reports: { value: null, suppressed: true } });
    expect(requests.at(-1)).toMatchObject({ method: 'GET', url: '/v1/teams/dsi/summary?weeks=12', authorization: `Bearer ${teamToken}` });
    settings = { role: 'ambassador', teamCode: 'rh' };
    expect(await worker.teamSummary()).toEqual({ kind: 'failed', reason: 'forbidden', status: 403 });
    settings = { role: 'ambassador', teamCode: '' };
    expect(await worker.teamSummary()).toEqual({ kind: 'unavailable', reason: 'no-team' });
    network = 'down';
    settings = { role: 'ambassador', teamCode: 'dsi' };
    expect(await worker.teamSummary()).toEqual({ kind: 'failed', reason: 'network' });
  });
});

describe('ReportService and the browser consent (Firefox data collection)', () => {
  it('drops what waited when the consent is withdrawn, and counts, builds and sends nothing without it', async () => {
    let consent = true;
    const worker = service({ consent: async () => consent });
    await worker.tick();
    await worker.recordPages([{ totals: { bytes: 5 } }]);
    now = MONDAY_W49;
    await worker.tick();
    expect(queueOf().items.map((i) => i.status)).toEqual(['pending']); // due later this week

    consent = false;
    await worker.recordPages([{ totals: { bytes: 7 } }]);
    expect(storage.read<{ weeks: Record<string, { bytes: number }> }>(COUNTERS_KEY)?.weeks['2026-W48']?.bytes).toBe(5);
    expect(storage.read<{ weeks: Record<string, unknown> }>(COUNTERS_KEY)?.weeks['2026-W49']).toBeUndefined();
    await worker.tick();
    expect(queueOf().items).toEqual([]);
    expect(storage.read(COUNTERS_KEY)).toBeUndefined();
    now += 2 * WEEK;
    await worker.tick();
    expect(posts()).toEqual([]);
    const status = await worker.status();
    expect(status.config).toMatchObject({ configured: true, enabled: true, consent: false, active: false });
    expect(status.next).toBeNull();
  });
});
