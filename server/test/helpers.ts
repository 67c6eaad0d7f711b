/** Shared fixtures for the collector tests: a small catalogue, the stores to run against, a report factory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { WeeklyReport } from '../../lib/report/payload';
import { buildCatalogue, type TipSeed, type StrategySeed } from '../src/indicators/catalogue';
import { PgStore, SqliteStore, type Store } from '../src/store';

export const fixtureTips: TipSeed[] = [
  { id: 'close-tabs', actions: ['01'] },
  { id: 'lower-video', actions: ['36', '36.1'] },
  { id: 'dark-mode', actions: ['36'] },
  { id: 'clean-mailbox', actions: ['38'] },
  { id: 'measure-once', actions: ['04'] },
];

export const fixtureStrategy: StrategySeed = {
  axes: [
    { number: 1, groups: [{ actions: [{ number: '01' }, { number: '04' }] }] },
    { number: 5, groups: [{ actions: [{ number: '36', subactions: [{ number: '36.1' }] }, { number: '38' }] }] },
  ],
};

export const fixtureCatalogue = buildCatalogue(fixtureTips, fixtureStrategy);

/** 2026-12-03, a Thursday of 2026-W49 (the project's "today"). */
export const NOW = new Date('2026-12-03T10:00:00Z');

export function report(overrides: Partial<WeeklyReport> = {}): WeeklyReport {
  return {
    schema: 1,
    reportId: randomUUID(),
    week: '2026-W47',
    role: 'agent',
    activeDays: 3,
    guideOpenedThisWeek: false,
    guideOpenedEver: true,
    charterAcknowledged: false,
    tipsShown: 4,
    tipsAdopted: [],
    ...overrides,
  };
}

export interface StoreFactory {
  name: string;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

const sqlite: StoreFactory = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'collector-test-'));
    const store = new SqliteStore(join(dir, 'collector.sqlite'));
    await store.migrate();
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** One throw-away schema per store, so test files can run in parallel on the same database. */
const postgres = (url: string): StoreFactory => ({
  name: 'postgresql',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    const store = new PgStore(u.toString(), 4);
    await store.migrate();
    return {
      store,
      async dispose() {
        await store.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  },
});

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI starts one). */
export const storeFactories: StoreFactory[] = [
  sqlite,
  ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
];
