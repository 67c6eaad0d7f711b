/*
 * The background's history service: its retention schedule follows the settings in force, an administrator's
 * policy included (read at start-up and whenever storage.managed changes).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { PURGE_ALARM, startHistory } from '../../../lib/history/service';
import type { HistoryStore } from '../../../lib/history/store';
import { page } from './fixtures';

const DAY = 86_400_000;

describe('history service retention', () => {
  let store: HistoryStore | undefined;
  beforeEach(() => fakeBrowser.reset());
  afterEach(async () => {
    await store?.clear();
    store?.close();
  });

  const pagesLeft = async () => (await store!.counts()).pages;
  const runPurge = () => fakeBrowser.alarms.onAlarm.trigger({ name: PURGE_ALARM, scheduledTime: Date.now() });

  // One test: the messaging library allows one listener per message in a context, so the service starts once.
  it('keeps the default retention without a policy, purges as soon as a policy arrives, and on schedule after', async () => {
    store = startHistory({ carbon: (bytes) => ({ grams: bytes / 1e6, model: { model: 'swd', version: 4 } }) }).store;
    const now = Date.now();
    // A page from 3 days ago and one from now: the default 30 days keep both, a 1-day policy only the second.
    expect(await store.add([page(now - 3 * DAY, 'old.example', 1000), page(now, 'new.example', 2000)])).toBe(true);
    await runPurge();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await pagesLeft()).toBe(2);

    await fakeBrowser.storage.managed.set({ historyPageDays: 1 });
    await expect.poll(pagesLeft, { timeout: 5_000 }).toBe(1);

    // The scheduled run uses the policy too.
    expect(await store.add([page(now - 2 * DAY, 'old.example', 1000)])).toBe(true);
    expect(await pagesLeft()).toBe(2);
    await runPurge();
    await expect.poll(pagesLeft, { timeout: 5_000 }).toBe(1);
  });
});
