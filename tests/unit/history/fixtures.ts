/*
 * Builders and fixtures for the history tests. Figures are written out by hand (not computed with the code under
 * test) so that the expectations are independent of lib/history.
 */
import { IDBFactory } from 'fake-indexeddb';
import type { DailyRecord, PageRecord } from '../../../lib/history/types';
import type { DayRollupV1, PageRecordV1 } from '../../../lib/history/schema';

/** Local time, so that day boundaries hold whatever the machine's time zone. */
export function at(y: number, month: number, d: number, h = 12, min = 0): number {
  return new Date(y, month - 1, d, h, min).getTime();
}

export function dayString(y: number, month: number, d: number): string {
  return `${y}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A page record; `kinds` defaults to all bytes in `document`, parties to all first-party. */
export function page(time: number, site: string, bytes: number, extra: Partial<PageRecord> = {}): PageRecord {
  const d = new Date(time);
  return {
    time,
    day: dayString(d.getFullYear(), d.getMonth() + 1, d.getDate()),
    site,
    bytes,
    estimatedBytes: 0,
    requests: 1,
    grams: bytes * 1e-7,
    model: 'swd',
    modelVersion: 4,
    kinds: [bytes, 0, 0, 0, 0, 0, 0, 0, 0],
    parties: [bytes, 0],
    ...extra,
  };
}

export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

// ---- version 1 fixture: what the first schema stored ----------------------------------------------------

const KINDS_V1 = { document: 0, script: 0, stylesheet: 0, image: 0, font: 0, media: 0, xhr: 0, websocket: 0, other: 0 };

export const V1_PAGES: PageRecordV1[] = [
  {
    time: at(2026, 11, 30, 9, 15),
    site: 'example.org',
    bytes: 1_500_000,
    estimatedBytes: 20_000,
    requests: 42,
    grams: 0.2,
    model: { model: 'swd', version: 4 },
    byKind: { ...KINDS_V1, document: 100_000, script: 600_000, image: 800_000 },
    byParty: { first: 1_000_000, third: 500_000 },
  },
  {
    time: at(2026, 12, 1, 23, 50),
    site: 'lemans.fr',
    bytes: 300_000,
    estimatedBytes: 0,
    requests: 10,
    grams: 0.04,
    model: { model: 'swd', version: 4 },
    byKind: { ...KINDS_V1, document: 50_000, font: 250_000 },
    byParty: { first: 300_000, third: 0 },
  },
];

export const V1_DAYS: DayRollupV1[] = [
  { day: '2026-11-30', site: 'example.org', pages: 3, bytes: 4_000_000, estimatedBytes: 20_000, requests: 120, grams: 0.5, byKind: { ...KINDS_V1, document: 1_000_000, image: 3_000_000 }, byParty: { first: 3_000_000, third: 1_000_000 } },
  { day: '2026-11-30', site: 'lemans.fr', pages: 1, bytes: 300_000, estimatedBytes: 0, requests: 10, grams: 0.04, byKind: { ...KINDS_V1, document: 300_000 }, byParty: { first: 300_000, third: 0 } },
  { day: '2026-12-01', site: 'lemans.fr', pages: 2, bytes: 600_000, estimatedBytes: 0, requests: 20, grams: 0.08, byKind: { ...KINDS_V1, font: 600_000 }, byParty: { first: 600_000, third: 0 } },
];

/**
 * Creates a version-1 database with raw IndexedDB calls, as the first schema did (not with lib/history/schema,
 * whose upgrade would run every step): object stores `pages` (auto-increment, index `time`) and `days`
 * (key [day, site], index `day`).
 */
export function createV1(factory: IDBFactory, name: string, pages: unknown[], days: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const p = db.createObjectStore('pages', { keyPath: 'id', autoIncrement: true });
      p.createIndex('time', 'time');
      const d = db.createObjectStore('days', { keyPath: ['day', 'site'] });
      d.createIndex('day', 'day');
      for (const record of pages) p.put(record);
      for (const record of days) d.put(record);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

/** Reads every record of a store with raw IndexedDB, at whatever version the database is. */
export function readRaw(factory: IDBFactory, name: string, store: string): Promise<{ version: number; records: unknown[]; stores: string[] }> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => {
      const db = request.result;
      const stores = [...db.objectStoreNames];
      if (!stores.includes(store)) {
        db.close();
        resolve({ version: db.version, records: [], stores });
        return;
      }
      const all = db.transaction(store).objectStore(store).getAll();
      all.onsuccess = () => {
        db.close();
        resolve({ version: db.version, records: all.result, stores });
      };
      all.onerror = () => reject(all.error);
    };
    request.onerror = () => reject(request.error);
  });
}

// ---- version 2 fixture: pages with compact arrays, one daily row per day ---------------------------------

export const V2_PAGES: PageRecord[] = [
  { time: at(2026, 11, 20, 10), day: '2026-11-20', site: 'example.org', bytes: 1_000_000, estimatedBytes: 10_000, requests: 20, grams: 0.2, model: 'swd', modelVersion: 4, kinds: [200_000, 0, 0, 800_000, 0, 0, 0, 0, 0], parties: [1_000_000, 0] },
  { time: at(2026, 12, 1, 9), day: '2026-12-01', site: 'lemans.fr', bytes: 100_000, estimatedBytes: 0, requests: 5, grams: 0.01, model: 'swd', modelVersion: 5, kinds: [100_000, 0, 0, 0, 0, 0, 0, 0, 0], parties: [100_000, 0] },
];

export const V2_DAILY: DailyRecord[] = [
  { day: '2026-11-20', pages: 2, bytes: 2_000_000, estimatedBytes: 10_000, requests: 40, grams: 0.3, kinds: [500_000, 0, 0, 1_500_000, 0, 0, 0, 0, 0], parties: [2_000_000, 0], sites: { 'example.org': [1, 1_500_000, 10_000, 30, 0.25], 'lemans.fr': [1, 500_000, 0, 10, 0.05] }, models: ['swd/4'] },
  { day: '2026-11-29', pages: 3, bytes: 3_500_000, estimatedBytes: 20_000, requests: 110, grams: 0.45, kinds: [1_000_000, 0, 0, 2_500_000, 0, 0, 0, 0, 0], parties: [2_500_000, 1_000_000], sites: { 'example.org': [3, 3_500_000, 20_000, 110, 0.45] }, models: ['swd/4'] },
  { day: '2026-12-01', pages: 1, bytes: 100_000, estimatedBytes: 0, requests: 5, grams: 0.01, kinds: [100_000, 0, 0, 0, 0, 0, 0, 0, 0], parties: [100_000, 0], sites: { 'lemans.fr': [1, 100_000, 0, 5, 0.01] }, models: ['swd/4', 'swd/5'] },
];

/** Creates a version-2 database with raw IndexedDB calls: `pages` (auto-increment, index `time`) and `daily` (key `day`). */
export function createV2(factory: IDBFactory, name: string, pages: unknown[], daily: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      const p = db.createObjectStore('pages', { keyPath: 'id', autoIncrement: true });
      p.createIndex('time', 'time');
      const d = db.createObjectStore('daily', { keyPath: 'day' });
      for (const record of pages) p.put(record);
      for (const record of daily) d.put(record);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}
