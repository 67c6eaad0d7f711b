import type { PageState } from '../measure/types';
import { toPageRecord } from './record';
import type { HistorySettings } from './settings';
import type { HistoryStore } from './store';
import type { PageRecord } from './types';

export interface RecorderDeps {
  store: HistoryStore;
  settings: () => HistorySettings;
  /**
   * CO2e of a page's bytes with the user's grid, and the model that computed it. Called when the batch is written
   * (about a second after the page ended), by when a freshly woken worker has read the user's grid.
   */
  carbon: (bytes: number) => { grams: number; model: { model: string; version: number } };
  /** Whether the tab was in a private window; awaited before writing (the list of private tabs loads async). */
  isPrivateTab: (tabId: number) => Promise<boolean>;
  /** Awaited before each write: settings read from storage, so a user's "off" is known before anything lands. */
  beforeWrite?: () => Promise<void>;
  /** Batching delay: the measurement's hot path only queues. */
  delayMs?: number;
  /** A batch larger than this is written at once. */
  maxBatch?: number;
}

/** A finished page waiting for its batch; converted (URL dropped) when the batch is written, within a second. */
type Pending = PageState;

/**
 * Turns finished pages into history records, off the hot path: `onFinished` converts and queues (no I/O), and one
 * transaction per batch writes them. A worker stopped before the batch is written loses that batch only.
 */
export class HistoryRecorder {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Pages that started before this time are not recorded (set by "delete all my data"). */
  private forgetBefore = 0;

  constructor(private readonly deps: RecorderDeps) {}

  onFinished(pages: PageState[]): void {
    if (!this.deps.settings().enabled) return;
    for (const page of pages) {
      if (page.startedAt >= this.forgetBefore && page.totals.bytes > 0) this.queue.push(page);
    }
    if (this.queue.length >= (this.deps.maxBatch ?? 100)) void this.flush();
    else if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.deps.delayMs ?? 1_000);
  }

  /** Writes what is queued; resolves when it is stored (or dropped). Batches are written one after the other. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      await this.deps.beforeWrite?.();
      if (!this.deps.settings().enabled) return;
      const recordPrivate = this.deps.settings().recordPrivate;
      const kept: PageRecord[] = [];
      for (const page of batch) {
        if (page.startedAt < this.forgetBefore) continue;
        if (!recordPrivate && (await this.deps.isPrivateTab(page.tabId))) continue;
        const carbon = this.deps.carbon(page.totals.bytes);
        const record = toPageRecord(page, carbon.grams, carbon.model);
        if (record) kept.push(record);
      }
      await this.deps.store.add(kept);
    });
    return this.writing;
  }

  /** Drops what is queued and ignores every page that started before `time` ("delete all my data"). */
  async forget(time: number): Promise<void> {
    this.forgetBefore = time;
    this.queue = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    // A batch already being written must land before the store is emptied, or it would survive the deletion.
    await this.writing;
  }
}
