import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, kindsMatchMeasurement } from '../../../lib/history/schema';
import { HistoryStore } from '../../../lib/history/store';
import { createV1, createV2, freshFactory, readRaw, V1_DAYS, V1_PAGES, V2_DAILY, V2_PAGES } from './fixtures';

const quiet = () => {};

describe('history schema', () => {
  it('is at version 3, and its kind order is the measurement’s', () => {
    // A new version needs a new step in schema.ts and a test here from a fixture of version 3.
    expect(DB_VERSION).toBe(3);
    expect(kindsMatchMeasurement()).toBe(true);
  });

  it('creates an empty database from nothing', async () => {
    const factory = freshFactory();
    const store = new HistoryStore({ factory, name: 'h', log: quiet });
    expect(await store.counts()).toEqual({ pages: 0, days: 0, months: 0 });
    expect(store.status).toEqual({ state: 'ready' });
    store.close();
    const raw = await readRaw(factory, 'h', 'daily');
    expect(raw.version).toBe(3);
    expect(raw.stores.sort()).toEqual(['daily', 'monthly', 'pages']);
  });
});

describe('migration 1 → 2, from a version-1 fixture', () => {
  it('converts every page record and folds the per-site rollups into one row per day', async () => {
    const factory = freshFactory();
    await createV1(factory, 'h', V1_PAGES, V1_DAYS);
    const store = new HistoryStore({ factory, name: 'h', log: quiet });
    const { pages, daily } = await store.exportAll();
    expect(store.status).toEqual({ state: 'ready' });

    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual({
      id: 1,
      time: V1_PAGES[0]!.time,
      day: '2026-11-30',
      site: 'example.org',
      bytes: 1_500_000,
      estimatedBytes: 20_000,
      requests: 42,
      grams: 0.2,
      model: 'swd',
      modelVersion: 4,
      kinds: [100_000, 600_000, 0, 800_000, 0, 0, 0, 0, 0],
      parties: [1_000_000, 500_000],
    });
    // 23:50 local on 1 December stays on 1 December.
    expect(pages[1]).toMatchObject({ id: 2, day: '2026-12-01', kinds: [50_000, 0, 0, 0, 250_000, 0, 0, 0, 0] });

    expect(daily.map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01']);
    expect(daily[0]).toEqual({
      day: '2026-11-30',
      pages: 4,
      bytes: 4_300_000,
      estimatedBytes: 20_000,
      requests: 130,
      grams: 0.54,
      kinds: [1_300_000, 0, 0, 3_000_000, 0, 0, 0, 0, 0],
      parties: [3_300_000, 1_000_000],
      sites: { 'example.org': [3, 4_000_000, 20_000, 120, 0.5], 'lemans.fr': [1, 300_000, 0, 10, 0.04] },
      models: ['swd/4'],
    });
    expect(daily[1]).toMatchObject({ pages: 2, bytes: 600_000, sites: { 'lemans.fr': [2, 600_000, 0, 20, 0.08] } });
    store.close();

    const raw = await readRaw(factory, 'h', 'days');
    expect(raw.version).toBe(3);
    expect(raw.stores).not.toContain('days');
    // Then step 3 folded those days into months.
    expect((await readRaw(factory, 'h', 'monthly')).records).toMatchObject([
      { month: '2026-11', pages: 4, bytes: 4_300_000 },
      { month: '2026-12', pages: 2, bytes: 600_000 },
    ]);
  });

  it('keeps writing after the migration (ids continue, rollups add up)', async () => {
    const factory = freshFactory();
    await createV1(factory, 'h', V1_PAGES, V1_DAYS);
    const store = new HistoryStore({ factory, name: 'h', log: quiet });
    const time = new Date(2026, 11, 1, 8).getTime();
    expect(await store.add([{ time, day: '2026-12-01', site: 'lemans.fr', bytes: 100, estimatedBytes: 0, requests: 1, grams: 1, model: 'swd', modelVersion: 4, kinds: [100, 0, 0, 0, 0, 0, 0, 0, 0], parties: [100, 0] }])).toBe(true);
    const { pages, daily } = await store.exportAll();
    expect(pages.map((p) => p.id)).toEqual([1, 3, 2]);
    expect(daily[1]).toMatchObject({ pages: 3, bytes: 600_100, sites: { 'lemans.fr': [3, 600_100, 0, 21, 1.08] } });
    store.close();
  });

  it('on data it cannot convert, aborts: the version-1 database and its data stay as they were', async () => {
    const factory = freshFactory();
    const broken = { ...V1_PAGES[1]!, bytes: 'lots' };
    await createV1(factory, 'h', [V1_PAGES[0], broken], V1_DAYS);
    const logged: string[] = [];
    const store = new HistoryStore({ factory, name: 'h', log: (m, e) => logged.push(`${m}: ${String(e)}`) });
    expect(await store.add([])).toBe(true); // nothing to write: no open needed
    expect(await store.open()).toBeNull();
    expect(store.status).toEqual({ state: 'unavailable', reason: 'migration-failed' });
    expect(logged.join('\n')).toMatch(/bytes is not a non-negative number/);
    // Writes are dropped, reads refuse: nothing pretends the history is empty.
    expect(await store.add([{ ...V1_PAGES[0]!, day: '2026-11-30', model: 'swd', modelVersion: 4, kinds: [], parties: [0, 0] } as never])).toBe(false);
    await expect(store.days('2026-01-01', '2026-12-31')).rejects.toThrow('migration-failed');

    const pages = await readRaw(factory, 'h', 'pages');
    const days = await readRaw(factory, 'h', 'days');
    expect(pages.version).toBe(1);
    expect(pages.records).toEqual([{ ...V1_PAGES[0], id: 1 }, { ...broken, id: 2 }]);
    expect(days.records).toHaveLength(3);
  });

  it('refuses a rollup row with a broken breakdown rather than counting it as zero', async () => {
    const factory = freshFactory();
    await createV1(factory, 'h', [], [{ ...V1_DAYS[0]!, byKind: { ...V1_DAYS[0]!.byKind, image: -5 } }]);
    const store = new HistoryStore({ factory, name: 'h', log: quiet });
    expect(await store.open()).toBeNull();
    expect(store.status).toEqual({ state: 'unavailable', reason: 'migration-failed' });
    expect((await readRaw(factory, 'h', 'days')).records).toHaveLength(1);
  });
});

describe('migration 2 → 3, from a version-2 fixture', () => {
  it('adds monthly rollups folded from the days, and leaves pages and days as they were', async () => {
    const factory = freshFactory();
    await createV2(factory, 'h', V2_PAGES, V2_DAILY);
    const store = new HistoryStore({ factory, name: 'h', log: quiet });
    const [months, days, exported] = [await store.months('2000-01', '2100-12'), await store.days('2000-01-01', '2100-12-31'), await store.exportAll()];
    expect(store.status).toEqual({ state: 'ready' });
    expect(days).toEqual(V2_DAILY);
    expect(exported.pages).toEqual(V2_PAGES.map((p, i) => ({ ...p, id: i + 1 })));
    expect(months).toEqual([
      {
        month: '2026-11',
        pages: 5,
        bytes: 5_500_000,
        estimatedBytes: 30_000,
        requests: 150,
        grams: 0.75,
        kinds: [1_500_000, 0, 0, 4_000_000, 0, 0, 0, 0, 0],
        parties: [4_500_000, 1_000_000],
        sites: { 'example.org': [4, 5_000_000, 30_000, 140, 0.7], 'lemans.fr': [1, 500_000, 0, 10, 0.05] },
        models: ['swd/4'],
      },
      {
        month: '2026-12',
        pages: 1,
        bytes: 100_000,
        estimatedBytes: 0,
        requests: 5,
        grams: 0.01,
        kinds: [100_000, 0, 0, 0, 0, 0, 0, 0, 0],
        parties: [100_000, 0],
        sites: { 'lemans.fr': [1, 100_000, 0, 5, 0.01] },
        models: ['swd/4', 'swd/5'],
      },
    ]);
    store.close();
  });

  it('on a day row it cannot read, aborts: the version-2 database stays as it was', async () => {
    const factory = freshFactory();
    const broken = { ...V2_DAILY[1]!, sites: { 'lemans.fr': [1, 'x', 0, 1, 0] } };
    await createV2(factory, 'h', V2_PAGES, [V2_DAILY[0]!, broken]);
    const store = new HistoryStore({ factory, name: 'h', log: quiet });
    expect(await store.open()).toBeNull();
    expect(store.status).toEqual({ state: 'unavailable', reason: 'migration-failed' });
    const raw = await readRaw(factory, 'h', 'daily');
    expect(raw.version).toBe(2);
    expect(raw.stores.sort()).toEqual(['daily', 'pages']);
    expect(raw.records).toEqual([V2_DAILY[0], broken]);
  });
});
