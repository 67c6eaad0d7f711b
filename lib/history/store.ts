/*
 * The history store: the background's only door to IndexedDB. It never throws at its callers for storage reasons:
 * when IndexedDB is missing, an upgrade is blocked or fails, it reports `unavailable` and drops writes, so the
 * measurement (which does not depend on history) goes on.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { addMonths, dayOf, monthOf } from './dates';
import { addFigures, addSite, DB_NAME, DB_VERSION, emptyDay, emptyMonth, upgrade, type HistoryDB } from './schema';
import type { DailyRecord, HistoryExport, HistoryStatus, MonthlyRecord, PageRecord } from './types';

export interface StoreOptions {
  /** The IndexedDB to use (tests pass fake-indexeddb's); null means none is available. Default: the global one. */
  factory?: IDBFactory | null;
  name?: string;
  /** How long a write or read waits for a blocked or slow open before giving up. */
  openTimeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface Retention {
  pageDays: number;
  rollupMonths: number;
}

/** How many attempts a batch gets when the quota is full, each after evicting more of the oldest page records. */
const QUOTA_ATTEMPTS = 4;
const MIN_EVICTION = 200;

export class HistoryUnavailableError extends Error {
  override name = 'HistoryUnavailableError';
}

export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  // Firefox used NS_ERROR_DOM_QUOTA_REACHED before it standardised on QuotaExceededError.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

export class HistoryStore {
  status: HistoryStatus = { state: 'opening' };
  private db: IDBPDatabase<HistoryDB> | null = null;
  private opening: Promise<IDBPDatabase<HistoryDB> | null> | null = null;
  private readonly factory: IDBFactory | null;
  private readonly name: string;
  private readonly openTimeoutMs: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(options: StoreOptions = {}) {
    this.factory = options.factory === undefined ? (globalThis.indexedDB ?? null) : options.factory;
    this.name = options.name ?? DB_NAME;
    this.openTimeoutMs = options.openTimeoutMs ?? 5_000;
    this.log = options.log ?? ((message, error) => console.warn(`Empreinte history: ${message}`, error ?? ''));
  }

  /** Opens the database (once; again after it was closed). Resolves to null when history is unavailable. */
  open(): Promise<IDBPDatabase<HistoryDB> | null> {
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= this.doOpen().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async doOpen(): Promise<IDBPDatabase<HistoryDB> | null> {
    if (!this.factory) {
      this.status = { state: 'unavailable', reason: 'no-indexeddb' };
      return null;
    }
    this.status = { state: 'opening' };
    let migrationError: unknown;
    let request: IDBOpenDBRequest;
    try {
      request = this.factory.open(this.name, DB_VERSION);
    } catch (error) {
      // Firefox throws here in some private or locked-down profiles.
      this.log('IndexedDB cannot be opened', error);
      this.status = { state: 'unavailable', reason: 'open-failed' };
      return null;
    }
    request.addEventListener('upgradeneeded', (event) => {
      const tx = request.transaction!;
      const wrapped = wrap(tx);
      // Its `done` rejects when a step aborts: that outcome is reported by the open request below.
      wrapped.done.catch(() => {});
      upgrade(wrap(request.result) as IDBPDatabase<unknown>, event.oldVersion, wrapped as never).catch((error: unknown) => {
        // Abort, so IndexedDB rolls the database back to its previous version with its data untouched.
        migrationError = error;
        try {
          tx.abort();
        } catch {
          // Already finished or aborted: the open request reports the error anyway.
        }
      });
    });
    request.addEventListener('blocked', () => {
      // Another connection at an older version (a page left open) holds the database; the open completes when it
      // closes. Until then history says it is unavailable.
      this.status = { state: 'unavailable', reason: 'blocked' };
    });
    try {
      const db = (await wrap(request)) as unknown as IDBPDatabase<HistoryDB>;
      db.addEventListener('versionchange', () => {
        // A newer version wants the database: let it go rather than block it, and reopen on next use.
        db.close();
        this.forget('closed');
      });
      db.addEventListener('close', () => this.forget('closed'));
      this.db = db;
      this.status = { state: 'ready' };
      return db;
    } catch (error) {
      if (migrationError !== undefined) {
        this.log('the upgrade failed; the previous version and its data were kept', migrationError);
        this.status = { state: 'unavailable', reason: 'migration-failed' };
      } else {
        this.log('IndexedDB did not open', error);
        this.status = { state: 'unavailable', reason: 'open-failed' };
      }
      return null;
    }
  }

  private forget(reason: 'closed'): void {
    this.db = null;
    this.status = { state: 'unavailable', reason };
  }

  /** The open database, waiting at most openTimeoutMs; null when unavailable. */
  private async ready(): Promise<IDBPDatabase<HistoryDB> | null> {
    if (this.db) return this.db;
    if (this.status.state === 'unavailable' && this.status.reason === 'migration-failed') return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.openTimeoutMs);
    });
    try {
      return await Promise.race([this.open(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async require(): Promise<IDBPDatabase<HistoryDB>> {
    const db = await this.ready();
    if (!db) throw new HistoryUnavailableError(this.status.state === 'unavailable' ? this.status.reason : 'opening');
    return db;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  /**
   * Writes a batch of page records and adds them to their days' rollups, in one transaction (all or nothing).
   * When the quota is full, the oldest page records are deleted (the rollups keep their figures) and the batch
   * is tried again. Returns whether the batch was stored.
   */
  async add(records: PageRecord[]): Promise<boolean> {
    if (records.length === 0) return true;
    const db = await this.ready();
    if (!db) return false;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.write(db, records);
        return true;
      } catch (error) {
        if (!isQuotaError(error) || attempt >= QUOTA_ATTEMPTS) {
          this.log(`dropped ${records.length} page record(s)`, error);
          return false;
        }
        const evicted = await this.evictOldestPages(Math.max(MIN_EVICTION, records.length * 2 ** attempt)).catch(() => 0);
        this.log(`storage quota reached: deleted the ${evicted} oldest page record(s)`);
        if (evicted === 0 && attempt > 1) return false;
      }
    }
  }

  private async write(db: IDBPDatabase<HistoryDB>, records: PageRecord[]): Promise<void> {
    const tx = db.transaction(['pages', 'daily', 'monthly'], 'readwrite');
    try {
      const pages = tx.objectStore('pages');
      const daily = tx.objectStore('daily');
      const monthly = tx.objectStore('monthly');
      const byDay = new Map<string, PageRecord[]>();
      for (const record of records) {
        void pages.put(record).catch(() => {});
        const list = byDay.get(record.day) ?? [];
        list.push(record);
        byDay.set(record.day, list);
      }
      for (const [day, list] of byDay) {
        const current = (await daily.get(day)) ?? emptyDay(day);
        for (const page of list) {
          addFigures(current, { ...page, pages: 1 });
          addSite(current, page);
          const model = `${page.model}/${page.modelVersion}`;
          if (!current.models.includes(model)) current.models.push(model);
        }
        await daily.put(current);
      }
      const byMonth = new Map<string, PageRecord[]>();
      for (const record of records) {
        const month = monthOf(record.day);
        byMonth.set(month, [...(byMonth.get(month) ?? []), record]);
      }
      for (const [month, list] of byMonth) {
        const current: MonthlyRecord = (await monthly.get(month)) ?? emptyMonth(month);
        for (const page of list) {
          addFigures(current, { ...page, pages: 1 });
          addSite(current, page);
          const model = `${page.model}/${page.modelVersion}`;
          if (!current.models.includes(model)) current.models.push(model);
        }
        await monthly.put(current);
      }
      await tx.done;
    } catch (error) {
      // A failed request aborts the transaction with its own error (QuotaExceededError) while the awaits above
      // see AbortError: keep the transaction's. A request that threw synchronously leaves the transaction alive:
      // abort it so none of the batch lands.
      const cause = tx.error;
      try {
        tx.abort();
      } catch {
        // Already aborted by the failing request.
      }
      await tx.done.catch(() => {});
      throw isQuotaError(cause) ? cause : error;
    }
  }

  /** Deletes up to `count` of the oldest page records; returns how many went. */
  async evictOldestPages(count: number): Promise<number> {
    const db = await this.require();
    const tx = db.transaction('pages', 'readwrite');
    let deleted = 0;
    let cursor = await tx.store.index('time').openCursor();
    while (cursor && deleted < count) {
      await cursor.delete();
      deleted++;
      cursor = await cursor.continue();
    }
    await tx.done;
    return deleted;
  }

  /**
   * Retention: page records older than `pageDays` days before `now`, and days before the same date
   * `rollupMonths` months ago. A record exactly at a boundary is kept.
   */
  async purge(now: number, retention: Retention): Promise<{ pages: number; days: number }> {
    const db = await this.require();
    const pageCutoff = now - retention.pageDays * 86_400_000;
    const dayCutoff = addMonths(dayOf(now), -retention.rollupMonths);
    const tx = db.transaction(['pages', 'daily', 'monthly'], 'readwrite');
    let pages = 0;
    let days = 0;
    let cursor = await tx.objectStore('pages').index('time').openCursor(IDBKeyRange.upperBound(pageCutoff, true));
    while (cursor) {
      await cursor.delete();
      pages++;
      cursor = await cursor.continue();
    }
    let day = await tx.objectStore('daily').openCursor(IDBKeyRange.upperBound(dayCutoff, true));
    while (day) {
      await day.delete();
      days++;
      day = await day.continue();
    }
    // A month goes once none of its days is kept: the month of the cutoff stays whole.
    let month = await tx.objectStore('monthly').openCursor(IDBKeyRange.upperBound(monthOf(dayCutoff), true));
    while (month) {
      await month.delete();
      month = await month.continue();
    }
    await tx.done;
    return { pages, days };
  }

  /** Empties every store in one transaction (the "delete all my data" button). */
  async clear(): Promise<void> {
    const db = await this.require();
    const tx = db.transaction(['pages', 'daily', 'monthly'], 'readwrite');
    await Promise.all([tx.objectStore('pages').clear(), tx.objectStore('daily').clear(), tx.objectStore('monthly').clear(), tx.done]);
  }

  /**
   * "Delete all my data": empties the stores; when the database cannot be opened (a failed upgrade), deletes it
   * outright, since the user asked for nothing to be kept. Resolves once nothing is left.
   */
  async deleteEverything(): Promise<void> {
    const db = await this.ready();
    if (db) return this.clear();
    if (!this.factory) return;
    this.close();
    const request = this.factory.deleteDatabase(this.name);
    await new Promise<void>((resolve, reject) => {
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error('deleteDatabase failed'));
    });
    this.status = { state: 'opening' };
  }

  /** Days from `from` to `to` inclusive, oldest first. */
  async days(from: string, to: string): Promise<DailyRecord[]> {
    const db = await this.require();
    return db.getAll('daily', IDBKeyRange.bound(from, to));
  }

  /** Months (YYYY-MM) from `from` to `to` inclusive, oldest first. */
  async months(from: string, to: string): Promise<MonthlyRecord[]> {
    const db = await this.require();
    return db.getAll('monthly', IDBKeyRange.bound(from, to));
  }

  /** Page records that started in [from, to), oldest first. */
  async pages(from: number, to: number): Promise<PageRecord[]> {
    const db = await this.require();
    return db.getAllFromIndex('pages', 'time', IDBKeyRange.bound(from, to, false, true));
  }

  /** The oldest day still in history, or null when there is none. */
  async since(): Promise<string | null> {
    const db = await this.require();
    const cursor = await db.transaction('daily').store.openCursor();
    return cursor?.key ?? null;
  }

  async exportAll(): Promise<HistoryExport> {
    const db = await this.require();
    const tx = db.transaction(['pages', 'daily']);
    const [pages, daily] = await Promise.all([tx.objectStore('pages').index('time').getAll(), tx.objectStore('daily').getAll()]);
    return { pages, daily };
  }

  /** Rough count for the user and the benchmark. */
  async counts(): Promise<{ pages: number; days: number; months: number }> {
    const db = await this.require();
    const [pages, days, months] = await Promise.all([db.count('pages'), db.count('daily'), db.count('monthly')]);
    return { pages, days, months };
  }
}
