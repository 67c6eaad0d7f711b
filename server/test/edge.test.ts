/**
 * Privacy of the edge: what the collector writes to its log and to its database while serving requests that
 * carry an address, a user agent and a token. Neither the log nor the database file may contain any of them, nor
 * a time finer than the week. And the in-memory rate limit, behind a trusted proxy, is per client.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { weeklyReportSchema } from '../../lib/report/payload';
import { buildApp } from '../src/app';
import { SqliteStore } from '../src/store';
import { TokenRegistry } from '../src/tokens';
import { fixtureCatalogue, NOW, report } from './helpers';

const ADDRESS = '203.0.113.77';
const FORWARDED = '198.51.100.23';
const AGENT = 'Mozilla/5.0 (X11; Linux x86_64) UA-MARKER/1.0';

describe('what the collector keeps about a request', () => {
  it('logs nothing of the address, user agent, token, URL query or time, even on errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collector-edge-'));
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const store = new SqliteStore(join(dir, 'collector.sqlite'));
    await store.migrate();
    const broken = Object.create(store) as SqliteStore;
    let failNext = false;
    broken.awarenessActions = async (from, to) => {
      if (failNext) throw new Error('simulated failure');
      return store.awarenessActions(from, to);
    };
    const app = await buildApp({
      store: broken,
      catalogue: fixtureCatalogue,
      now: () => NOW,
      logger: { level: 'trace', stream },
      rateLimit: { max: 5, timeWindowMs: 60_000 },
      trustProxy: true,
    });
    const registry = new TokenRegistry(store);
    const enrollment = await registry.issue('enrollment', null, '2026-W49');
    const admin = await registry.issue('admin', null, '2026-W49');
    const headers = { 'user-agent': AGENT, 'x-forwarded-for': FORWARDED };
    const r = report({ team: 'dsi', tipsAdopted: ['close-tabs'] });
    const requests = [
      { method: 'POST' as const, url: '/v1/reports', headers: { ...headers, authorization: `Bearer ${enrollment}` }, payload: r },
      { method: 'POST' as const, url: '/v1/reports', headers: { ...headers, authorization: `Bearer ${enrollment}` }, payload: { ...r, x: 1 } },
      { method: 'POST' as const, url: '/v1/reports', headers: { ...headers, authorization: 'Bearer wrong-token-wrong-token' }, payload: r },
      { method: 'GET' as const, url: '/v1/nowhere?secret-query=1', headers },
    ];
    for (const req of requests) await app.inject({ ...req, remoteAddress: ADDRESS });
    failNext = true; // one 5xx, whose detail goes to the log
    const fail = await app.inject({
      url: '/v1/indicators?from=2026-W40&to=2026-W47',
      headers: { ...headers, authorization: `Bearer ${admin}` },
      remoteAddress: ADDRESS,
    });
    expect(fail.statusCode).toBe(500);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await app.inject({ url: '/v1/nowhere', headers, remoteAddress: ADDRESS })).statusCode);
    expect(statuses).toContain(429);
    await app.close();
    await store.close();

    // The log received the 5xx detail (so the stream is really the log), and nothing about the requests.
    const log = lines.join('');
    expect(log).toContain('simulated failure');
    for (const secret of [ADDRESS, FORWARDED, 'UA-MARKER', 'Mozilla', enrollment, admin, 'wrong-token', 'secret-query', r.reportId]) {
      expect(log).not.toContain(secret);
    }
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).not.toHaveProperty('time');
      expect(entry).not.toHaveProperty('req');
      expect(entry).not.toHaveProperty('hostname');
      expect(entry).not.toHaveProperty('pid');
      expect(JSON.stringify(entry)).not.toMatch(/remoteAddress|userAgent|user-agent|responseTime/i);
    }

    // The database: the report table has exactly the contract's fields, and no byte of the address or agent.
    const db = new Database(join(dir, 'collector.sqlite'), { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(reports)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    const contract = Object.keys(weeklyReportSchema.properties)
      .filter((k) => k !== 'schema')
      .map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    expect(columns.sort()).toEqual(contract.sort());
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file)).toString('latin1');
      for (const secret of [ADDRESS, FORWARDED, 'UA-MARKER', enrollment, admin]) expect(bytes).not.toContain(secret);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('behind a trusted proxy, limits each client separately; without it, the proxy is one source', async () => {
    const codes = async (trustProxy: boolean): Promise<number[]> => {
      const store = new SqliteStore(':memory:');
      await store.migrate();
      const app = await buildApp({ store, catalogue: fixtureCatalogue, now: () => NOW, rateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy });
      const out: number[] = [];
      for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        for (let i = 0; i < 2; i += 1) {
          const res = await app.inject({ url: '/v1/nowhere', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
          out.push(res.statusCode);
        }
      }
      await app.close();
      await store.close();
      return out;
    };
    expect(await codes(true)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(await codes(false)).toEqual([404, 404, 429, 429, 429, 429]);
  });
});
