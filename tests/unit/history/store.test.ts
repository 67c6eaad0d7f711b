import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryStore, isQuotaError } from '../../../lib/history/store';
import { at, freshFactory, page, readRaw } from './fixtures';

const quiet = () => {};
const stores: HistoryStore[] = [];

function open(factory = freshFactory(), extra: Partial<ConstructorParameters<typeof HistoryStore>[0]> = {}): HistoryStore {
  const store = new HistoryStore({ factory, name: 'h', log: quiet, ...extra });
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  vi.restoreAllMocks();
});

describe('daily rollups', () => {
  it('adds each page to its local day: totals, kinds, parties, sites and models', async () => {
    const store = open();
    await store.add([
      page(at(2026, 12, 3, 9), 'a.fr', 1000, { estimatedBytes: 100, requests: 3, grams: 0.5, kinds: [200, 800, 0, 0, 0, 0, 0, 0, 0], parties: [600, 400] }),
      page(at(2026, 12, 3, 23, 59), 'b.fr', 2000, { requests: 5, grams: 1 }),
    ]);
    await store.add([page(at(2026, 12, 3, 10), 'a.fr', 500, { grams: 0.25, model: 'swd', modelVersion: 3 }), page(at(2026, 12, 4, 0, 1), 'a.fr', 7, { grams: 0.01 })]);

    const [d3, d4] = await store.days('2026-12-01', '2026-12-31');
    expect(d3).toEqual({
      day: '2026-12-03',
      pages: 3,
      bytes: 3500,
      estimatedBytes: 100,
      requests: 9,
      grams: 1.75,
      kinds: [2700, 800, 0, 0, 0, 0, 0, 0, 0],
      parties: [3100, 400],
      sites: { 'a.fr': [2, 1500, 100, 4, 0.75], 'b.fr': [1, 2000, 0, 5, 1] },
      models: ['swd/4', 'swd/3'],
    });
    expect(d4).toMatchObject({ day: '2026-12-04', pages: 1, bytes: 7, sites: { 'a.fr': [1, 7, 0, 1, 0.01] } });
    expect(await store.since()).toBe('2026-12-03');
    expect(await store.counts()).toEqual({ pages: 4, days: 2, months: 1 });
    const [december] = await store.months('2026-01', '2026-12');
    expect(december).toMatchObject({ month: '2026-12', pages: 4, bytes: 3507, sites: { 'a.fr': [3, 1507, 100, 5, 0.76], 'b.fr': [1, 2000, 0, 5, 1] }, models: ['swd/4', 'swd/3'] });
  });

  it('reads page records by time, half-open', async () => {
    const store = open();
    await store.add([page(at(2026, 12, 3, 0, 0), 'a.fr', 1), page(at(2026, 12, 3, 12), 'a.fr', 2), page(at(2026, 12, 4, 0, 0), 'a.fr', 3)]);
    const got = await store.pages(at(2026, 12, 3, 0, 0), at(2026, 12, 4, 0, 0));
    expect(got.map((p) => p.bytes)).toEqual([1, 2]);
  });
});

describe('retention purge, at the boundaries', () => {
  it('deletes page records older than the page retention and keeps the one exactly at it', async () => {
    const store = open();
    const now = at(2026, 12, 31, 15);
    const cutoff = now - 30 * 86_400_000;
    await store.add([page(cutoff - 1, 'old.fr', 1), page(cutoff, 'edge.fr', 2), page(cutoff + 1, 'new.fr', 3), page(now, 'now.fr', 4)]);
    const result = await store.purge(now, { pageDays: 30, rollupMonths: 13 });
    expect(result.pages).toBe(1);
    const { pages } = await store.exportAll();
    expect(pages.map((p) => p.site)).toEqual(['edge.fr', 'new.fr', 'now.fr']);
    // The rollups keep the purged page: a month-old page still counts in the 12-month view.
    expect((await store.days('2026-01-01', '2026-12-31')).reduce((sum, d) => sum + d.bytes, 0)).toBe(10);
  });

  it('deletes days before the same date 13 months ago and keeps that date', async () => {
    const store = open();
    const now = at(2026, 12, 15, 15); // 13 months before: 15 November 2025
    await store.add([page(at(2025, 11, 14), 'x.fr', 1), page(at(2025, 11, 14, 23, 59), 'x.fr', 1), page(at(2025, 11, 15, 0, 0), 'x.fr', 2), page(at(2026, 12, 15), 'x.fr', 3)]);
    const result = await store.purge(now, { pageDays: 3650, rollupMonths: 13 });
    expect(result).toEqual({ pages: 0, days: 1 });
    expect((await store.days('2000-01-01', '2100-01-01')).map((d) => d.day)).toEqual(['2025-11-15', '2026-12-15']);
    // The month of the cutoff stays whole (it still has kept days); earlier months go.
    expect((await store.months('2000-01', '2100-01')).map((m) => [m.month, m.bytes])).toEqual([['2025-11', 4], ['2026-12', 3]]);
    await store.purge(at(2027, 1, 1, 12), { pageDays: 3650, rollupMonths: 13 });
    expect((await store.months('2000-01', '2100-01')).map((m) => m.month)).toEqual(['2026-12']);
  });

  it('clamps "13 months ago" to the end of a shorter month (31 March → 28 February)', async () => {
    const store = open();
    const now = at(2027, 3, 31, 8); // 13 months before 31 March 2027 is 28 February 2026
    await store.add([page(at(2026, 2, 27), 'x.fr', 1), page(at(2026, 2, 28), 'x.fr', 2)]);
    await store.purge(now, { pageDays: 3650, rollupMonths: 13 });
    expect((await store.days('2000-01-01', '2100-01-01')).map((d) => d.day)).toEqual(['2026-02-28']);
  });
});

describe('when the storage quota runs out', () => {
  /** Makes `pages.put` fail with QuotaExceededError while more than `limit` page records are stored. */
  function quota(limit: number) {
    // fake-indexeddb/auto installed its classes as the globals.
    const real = IDBObjectStore.prototype.put;
    let count = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'pages' && count >= limit) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      if (this.name === 'pages') count++;
      return real.call(this, value, key);
    });
    return { spy, setCount: (n: number) => (count = n) };
  }

  it('deletes the oldest page records, keeps the rollups, and stores the new batch', async () => {
    const store = open();
    const old = Array.from({ length: 300 }, (_, i) => page(at(2026, 11, 1) + i * 60_000, 'old.fr', 10));
    await store.add(old);
    const fake = quota(300);
    fake.setCount(300); // the store is full
    const recent = [page(at(2026, 12, 3, 10), 'new.fr', 1000), page(at(2026, 12, 3, 11), 'new.fr', 2000)];
    // Each eviction frees room in the fake quota as a real deletion would.
    const evict = store.evictOldestPages.bind(store);
    vi.spyOn(store, 'evictOldestPages').mockImplementation(async (n) => {
      const deleted = await evict(n);
      fake.setCount(300 - deleted);
      return deleted;
    });
    expect(await store.add(recent)).toBe(true);
    const { pages, daily } = await store.exportAll();
    // 200 oldest went (the minimum eviction), the newest old ones and the new batch stayed.
    expect(pages).toHaveLength(102);
    expect(pages[0]!.time).toBe(old[200]!.time);
    expect(pages.slice(-2).map((p) => p.bytes)).toEqual([1000, 2000]);
    // Rollups still count every page, the evicted ones included.
    expect(daily.find((d) => d.day === '2026-11-01')).toMatchObject({ pages: 300, bytes: 3000 });
    expect(daily.find((d) => d.day === '2026-12-03')).toMatchObject({ pages: 2, bytes: 3000 });
  });

  it('gives up after a few attempts without losing what is stored, and leaves no half batch', async () => {
    const store = open();
    await store.add([page(at(2026, 11, 1), 'kept.fr', 10)]);
    quota(0);
    expect(await store.add([page(at(2026, 12, 3), 'a.fr', 1), page(at(2026, 12, 3), 'b.fr', 2)])).toBe(false);
    vi.restoreAllMocks();
    const { daily, pages } = await store.exportAll();
    // The first attempt evicted the one old record; the failing batch added nothing to any rollup.
    expect(pages).toHaveLength(0);
    expect(daily.map((d) => d.day)).toEqual(['2026-11-01']);
  });

  it('recognises the quota errors of Chromium and Firefox', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

describe('when IndexedDB cannot be used', () => {
  it('without IndexedDB: writes are dropped, reads say unavailable, nothing throws at the writer', async () => {
    const store = open(undefined, { factory: null });
    expect(await store.add([page(at(2026, 12, 3), 'a.fr', 1)])).toBe(false);
    expect(store.status).toEqual({ state: 'unavailable', reason: 'no-indexeddb' });
    await expect(store.days('2026-12-01', '2026-12-31')).rejects.toThrow('no-indexeddb');
    await expect(store.deleteEverything()).resolves.toBeUndefined();
  });

  it('when open() itself throws (locked-down profiles)', async () => {
    const factory = { open: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as IDBFactory;
    const store = open(factory);
    expect(await store.add([page(at(2026, 12, 3), 'a.fr', 1)])).toBe(false);
    expect(store.status).toEqual({ state: 'unavailable', reason: 'open-failed' });
  });

  it('while an upgrade is blocked by an old connection: unavailable, then ready once it closes', async () => {
    const factory = freshFactory();
    const old = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('h', 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('pages', { keyPath: 'id', autoIncrement: true }).createIndex('time', 'time');
        request.result.createObjectStore('days', { keyPath: ['day', 'site'] }).createIndex('day', 'day');
      };
      request.onsuccess = () => resolve(request.result);
    });
    // An old page that ignores versionchange keeps the database at version 1.
    const store = open(factory, { openTimeoutMs: 50 });
    expect(await store.add([page(at(2026, 12, 3), 'a.fr', 1)])).toBe(false);
    expect(store.status).toEqual({ state: 'unavailable', reason: 'blocked' });
    old.close();
    await vi.waitFor(() => expect(store.status).toEqual({ state: 'ready' }));
    expect(await store.add([page(at(2026, 12, 3), 'a.fr', 1)])).toBe(true);
    expect((await readRaw(factory, 'h', 'pages')).version).toBe(3);
  });

  it('lets a newer version take the database rather than blocking it, and reopens on next use', async () => {
    const factory = freshFactory();
    const store = open(factory);
    await store.add([page(at(2026, 12, 3), 'a.fr', 1)]);
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('h', 4);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    expect(store.status).toEqual({ state: 'unavailable', reason: 'closed' });
    newer.close();
    // Version 4 is newer than this code knows: opening at 2 fails, and history stays unavailable.
    expect(await store.add([page(at(2026, 12, 3), 'a.fr', 1)])).toBe(false);
    expect(store.status).toEqual({ state: 'unavailable', reason: 'open-failed' });
  });
});

describe('delete all my data', () => {
  it('empties every store', async () => {
    const factory = freshFactory();
    const store = open(factory);
    await store.add([page(at(2026, 12, 3), 'a.fr', 1)]);
    await store.deleteEverything();
    expect(await store.counts()).toEqual({ pages: 0, days: 0, months: 0 });
    expect((await readRaw(factory, 'h', 'daily')).records).toEqual([]);
  });

  it('deletes the database outright when it cannot be opened (a failed migration)', async () => {
    const factory = freshFactory();
    await new Promise<void>((resolve) => {
      const request = factory.open('h', 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('pages', { keyPath: 'id', autoIncrement: true }).put({ time: 'garbage' });
        request.result.createObjectStore('days', { keyPath: ['day', 'site'] });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    const store = open(factory);
    expect(await store.open()).toBeNull();
    await store.deleteEverything();
    const names = (await factory.databases()).map((d) => d.name);
    expect(names).not.toContain('h');
  });
});
