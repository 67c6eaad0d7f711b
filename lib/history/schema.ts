/*
 * The history database and its migrations. One cumulative `if (oldVersion < N)` block per version, as idb
 * recommends: a fresh install runs every step, an existing database only the steps it lacks. Each step is tested
 * from a fixture of the version before it (tests/unit/history/migrations.test.ts).
 *
 * A step that meets data it cannot convert throws: the upgrade transaction aborts, IndexedDB keeps the database
 * exactly as it was at the previous version, and history reports itself unavailable. It never starts over empty.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import { KINDS, type Kind } from '../measure/types';
import { dayOf as dayOfTime } from './dates';
import { RECORD_KINDS, type DailyRecord, type MonthlyRecord, type PageRecord, type SiteFigures } from './types';

export const DB_NAME = 'empreinte-history';
export const DB_VERSION = 3;

export interface HistoryDB extends DBSchema {
  pages: { key: number; value: PageRecord; indexes: { time: number } };
  daily: { key: string; value: DailyRecord };
  monthly: { key: string; value: MonthlyRecord };
}

// ---- version 1 (the first schema, in development builds): readable objects, one rollup row per day and site ---
// Version 2 replaced it because a year of rollups read for the 12-month view meant ~20 000 rows, and the named
// byKind keys repeated in every record weighed more than the figures. The step is kept (and tested from a v1
// fixture) because profiles that ran those builds hold v1 databases, and it is the pattern the next step follows.

export interface PageRecordV1 {
  id?: number;
  time: number;
  site: string;
  bytes: number;
  estimatedBytes: number;
  requests: number;
  grams: number;
  model: { model: string; version: number };
  byKind: Record<Kind, number>;
  byParty: { first: number; third: number };
}

export interface DayRollupV1 {
  day: string;
  site: string;
  pages: number;
  bytes: number;
  estimatedBytes: number;
  requests: number;
  grams: number;
  byKind: Record<Kind, number>;
  byParty: { first: number; third: number };
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

type AnyTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** The upgrade callback: every step from `oldVersion` to DB_VERSION, inside the versionchange transaction. */
export async function upgrade(db: IDBPDatabase<unknown>, oldVersion: number, tx: AnyTx): Promise<void> {
  if (oldVersion < 1) {
    const pages = db.createObjectStore('pages', { keyPath: 'id', autoIncrement: true });
    pages.createIndex('time', 'time');
    const days = db.createObjectStore('days', { keyPath: ['day', 'site'] });
    days.createIndex('day', 'day');
  }
  if (oldVersion < 2) {
    // Pages: named breakdowns become arrays, the model object two fields, and each record gets its local day.
    let cursor = await tx.objectStore('pages').openCursor();
    while (cursor) {
      await cursor.update(pageFromV1(cursor.value));
      cursor = await cursor.continue();
    }
    // Rollups: the (day, site) rows of a day fold into one row for that day.
    const daily = new Map<string, DailyRecord>();
    let rows = await tx.objectStore('days').openCursor();
    while (rows) {
      foldDayRowV1(daily, rows.value);
      rows = await rows.continue();
    }
    db.deleteObjectStore('days');
    const store = db.createObjectStore('daily', { keyPath: 'day' });
    for (const record of daily.values()) await store.put(record);
  }
  if (oldVersion < 3) {
    // Monthly rollups, folded from the days already kept (none on a fresh install).
    const monthly = new Map<string, MonthlyRecord>();
    let day = await tx.objectStore('daily').openCursor();
    while (day) {
      foldDayIntoMonth(monthly, checkDay(day.value));
      day = await day.continue();
    }
    const store = db.createObjectStore('monthly', { keyPath: 'month' });
    for (const record of monthly.values()) await store.put(record);
  }
}

/** A version-2 day row, checked before it is folded: a broken row stops the upgrade rather than counting as 0. */
export function checkDay(value: unknown): DailyRecord {
  const row = value as DailyRecord;
  const where = `day ${String(row?.day)}`;
  if (typeof row?.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(row.day) || !isCount(row.pages)) throw new MigrationError(`${where}: key or page count is missing`);
  figuresFromV1(row as unknown as Record<string, unknown>, where);
  if (!Array.isArray(row.kinds) || !row.kinds.every(isCount)) throw new MigrationError(`${where}: kinds is not a list of byte counts`);
  if (!Array.isArray(row.parties) || row.parties.length !== 2 || !row.parties.every(isCount)) throw new MigrationError(`${where}: parties is not a pair of byte counts`);
  if (typeof row.sites !== 'object' || row.sites === null) throw new MigrationError(`${where}: sites is missing`);
  for (const [site, figures] of Object.entries(row.sites)) {
    if (!Array.isArray(figures) || figures.length !== 5 || !figures.every(isCount)) throw new MigrationError(`${where}: figures of ${site} are not five counts`);
  }
  if (!Array.isArray(row.models) || !row.models.every((m) => typeof m === 'string')) throw new MigrationError(`${where}: models is not a list`);
  return row;
}

export function emptyMonth(month: string): MonthlyRecord {
  const { day: _day, ...rest } = emptyDay(`${month}-01`);
  return { month, ...rest };
}

/** Adds a day's figures to its month (used by the version-3 step; the store adds pages to both as they come). */
export function foldDayIntoMonth(monthly: Map<string, MonthlyRecord>, day: DailyRecord): void {
  const month = day.day.slice(0, 7);
  const record = monthly.get(month) ?? emptyMonth(month);
  addFigures(record, day);
  for (const [site, [pages, bytes, estimatedBytes, requests, grams]] of Object.entries(day.sites)) {
    const current: SiteFigures = record.sites[site] ?? [0, 0, 0, 0, 0];
    record.sites[site] = [current[0] + pages, current[1] + bytes, current[2] + estimatedBytes, current[3] + requests, current[4] + grams];
  }
  for (const model of day.models) if (!record.models.includes(model)) record.models.push(model);
  monthly.set(month, record);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function kindsFromV1(byKind: unknown, where: string): number[] {
  if (typeof byKind !== 'object' || byKind === null) throw new MigrationError(`${where}: byKind is missing`);
  return RECORD_KINDS.map((kind) => {
    const value = (byKind as Record<string, unknown>)[kind] ?? 0;
    if (!isCount(value)) throw new MigrationError(`${where}: byKind.${kind} is not a byte count`);
    return value;
  });
}

function partiesFromV1(byParty: unknown, where: string): [number, number] {
  const { first, third } = (byParty ?? {}) as { first?: unknown; third?: unknown };
  if (!isCount(first) || !isCount(third)) throw new MigrationError(`${where}: byParty is not a pair of byte counts`);
  return [first, third];
}

function figuresFromV1(value: Record<string, unknown>, where: string) {
  const { bytes, estimatedBytes, requests, grams } = value;
  for (const [name, v] of Object.entries({ bytes, estimatedBytes, requests, grams })) {
    if (!isCount(v)) throw new MigrationError(`${where}: ${name} is not a non-negative number`);
  }
  return { bytes: bytes as number, estimatedBytes: estimatedBytes as number, requests: requests as number, grams: grams as number };
}

export function pageFromV1(old: PageRecordV1): PageRecord {
  const where = `page ${String(old?.id)}`;
  if (typeof old?.time !== 'number' || !Number.isFinite(old.time)) throw new MigrationError(`${where}: time is missing`);
  if (typeof old.site !== 'string') throw new MigrationError(`${where}: site is missing`);
  if (typeof old.model?.model !== 'string' || typeof old.model.version !== 'number') throw new MigrationError(`${where}: model is missing`);
  return {
    ...(old.id === undefined ? {} : { id: old.id }),
    time: old.time,
    day: dayOfTime(old.time),
    site: old.site,
    ...figuresFromV1(old as unknown as Record<string, unknown>, where),
    model: old.model.model,
    modelVersion: old.model.version,
    kinds: kindsFromV1(old.byKind, where),
    parties: partiesFromV1(old.byParty, where),
  };
}

export function foldDayRowV1(daily: Map<string, DailyRecord>, row: DayRollupV1): void {
  const where = `rollup ${String(row?.day)}/${String(row?.site)}`;
  if (typeof row?.day !== 'string' || typeof row.site !== 'string' || !isCount(row.pages)) throw new MigrationError(`${where}: key or page count is missing`);
  const figures = figuresFromV1(row as unknown as Record<string, unknown>, where);
  const kinds = kindsFromV1(row.byKind, where);
  const parties = partiesFromV1(row.byParty, where);
  const record = daily.get(row.day) ?? emptyDay(row.day);
  // Version 1 did not keep the model per rollup; every release that wrote version 1 used SWD v4.
  if (!record.models.includes('swd/4')) record.models.push('swd/4');
  addFigures(record, { pages: row.pages, ...figures, kinds, parties });
  const site = record.sites[row.site] ?? [0, 0, 0, 0, 0];
  record.sites[row.site] = [site[0] + row.pages, site[1] + figures.bytes, site[2] + figures.estimatedBytes, site[3] + figures.requests, site[4] + figures.grams];
  daily.set(row.day, record);
}

export function emptyDay(day: string): DailyRecord {
  return { day, pages: 0, bytes: 0, estimatedBytes: 0, requests: 0, grams: 0, kinds: RECORD_KINDS.map(() => 0), parties: [0, 0], sites: {}, models: [] };
}

export function addFigures(
  into: Pick<DailyRecord, 'pages' | 'bytes' | 'estimatedBytes' | 'requests' | 'grams' | 'kinds' | 'parties'>,
  add: { pages: number; bytes: number; estimatedBytes: number; requests: number; grams: number; kinds: readonly number[]; parties: readonly [number, number] },
): void {
  into.pages += add.pages;
  into.bytes += add.bytes;
  into.estimatedBytes += add.estimatedBytes;
  into.requests += add.requests;
  into.grams += add.grams;
  into.kinds = into.kinds.map((value, i) => value + (add.kinds[i] ?? 0));
  into.parties = [into.parties[0] + add.parties[0], into.parties[1] + add.parties[1]];
}

export function addSite(record: Pick<DailyRecord, 'sites'>, page: Pick<PageRecord, 'site' | 'bytes' | 'estimatedBytes' | 'requests' | 'grams'>): void {
  const site: SiteFigures = record.sites[page.site] ?? [0, 0, 0, 0, 0];
  record.sites[page.site] = [site[0] + 1, site[1] + page.bytes, site[2] + page.estimatedBytes, site[3] + page.requests, site[4] + page.grams];
}

/** The order of RECORD_KINDS must stay that of the measurement's KINDS, or arrays would be read shifted. */
export function kindsMatchMeasurement(): boolean {
  return RECORD_KINDS.length === KINDS.length && RECORD_KINDS.every((kind, i) => KINDS[i] === kind);
}
