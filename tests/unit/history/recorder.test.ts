import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { toPageRecord } from '../../../lib/history/record';
import { HistoryRecorder } from '../../../lib/history/recorder';
import { DEFAULT_HISTORY_SETTINGS, parseHistorySettings, type HistorySettings } from '../../../lib/history/settings';
import { HistoryStore } from '../../../lib/history/store';
import type { PageState } from '../../../lib/measure/types';
import { at, freshFactory } from './fixtures';

function pageState(tabId: number, url: string, site: string, bytes: number, startedAt = at(2026, 12, 3, 10)): PageState {
  return {
    id: `p${tabId}-${startedAt}`,
    tabId,
    url,
    site,
    startedAt,
    totals: { bytes, estimatedBytes: 7, requests: 3, byKind: { document: 0, script: 0, stylesheet: 0, image: bytes, font: 0, media: 0, xhr: 0, websocket: 0, other: 0 }, byParty: { first: bytes - 1, third: 1 } },
    observed: { thirdPartySites: [], uncompressedTextBytes: 0, uncacheableStatic: 0, fontFiles: 0 },
    requests: {},
    spare: [],
  };
}

describe('toPageRecord', () => {
  it('keeps the registrable domain and figures, never the URL', () => {
    const record = toPageRecord(pageState(1, 'https://www.example.org/private/path?q=secret', 'example.org', 5000), 0.5, { model: 'swd', version: 4 });
    expect(record).toEqual({ time: at(2026, 12, 3, 10), day: '2026-12-03', site: 'example.org', bytes: 5000, estimatedBytes: 7, requests: 3, grams: 0.5, model: 'swd', modelVersion: 4, kinds: [0, 0, 0, 5000, 0, 0, 0, 0, 0], parties: [4999, 1] });
    expect(JSON.stringify(record)).not.toContain('secret');
  });

  it('skips empty pages, browser and extension pages, and impossible figures', () => {
    const model = { model: 'swd', version: 4 };
    expect(toPageRecord(pageState(1, 'https://a.fr/', 'a.fr', 0), 0, model)).toBeNull();
    expect(toPageRecord(pageState(1, 'chrome-extension://abc/dashboard.html', 'abc', 10), 0, model)).toBeNull();
    expect(toPageRecord(pageState(1, 'https://a.fr/', '', 10), 0, model)).toBeNull();
    expect(toPageRecord(pageState(1, 'https://a.fr/', 'a.fr', 10), Number.NaN, model)).toBeNull();
    // A tab seen only through its requests (loaded before the worker listened) is still a web page.
    expect(toPageRecord(pageState(1, '', 'a.fr', 10), 0, model)).not.toBeNull();
  });
});

describe('HistoryRecorder', () => {
  const stores: HistoryStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.close()));

  function setup(settings: Partial<HistorySettings> = {}, privateTabs: number[] = []) {
    const store = new HistoryStore({ factory: freshFactory(), name: 'h', log: () => {} });
    stores.push(store);
    let current: HistorySettings = { ...DEFAULT_HISTORY_SETTINGS, ...settings };
    const recorder = new HistoryRecorder({
      store,
      settings: () => current,
      carbon: (bytes) => ({ grams: bytes / 1000, model: { model: 'swd', version: 4 } }),
      isPrivateTab: async (tabId) => privateTabs.includes(tabId),
      delayMs: 10_000,
    });
    return { store, recorder, set: (s: Partial<HistorySettings>) => (current = { ...current, ...s }) };
  }

  it('batches finished pages and writes them with the grams of the carbon model', async () => {
    const { store, recorder } = setup();
    recorder.onFinished([pageState(1, 'https://a.fr/', 'a.fr', 1000), pageState(2, 'https://b.fr/', 'b.fr', 3000)]);
    expect(await store.counts()).toEqual({ pages: 0, days: 0, months: 0 });
    await recorder.flush();
    const [d] = await store.days('2026-12-03', '2026-12-03');
    expect(d).toMatchObject({ pages: 2, bytes: 4000, grams: 4 });
  });

  it('does not record private windows unless allowed', async () => {
    const { store, recorder, set } = setup({}, [2]);
    recorder.onFinished([pageState(1, 'https://a.fr/', 'a.fr', 1000), pageState(2, 'https://secret.fr/', 'secret.fr', 3000)]);
    await recorder.flush();
    expect((await store.exportAll()).pages.map((p) => p.site)).toEqual(['a.fr']);
    set({ recordPrivate: true });
    recorder.onFinished([pageState(2, 'https://ok.fr/', 'ok.fr', 5, at(2026, 12, 3, 11))]);
    await recorder.flush();
    expect((await store.exportAll()).pages.map((p) => p.site)).toEqual(['a.fr', 'ok.fr']);
  });

  it('records nothing while history is off, including what was queued before it was turned off', async () => {
    const { store, recorder, set } = setup();
    recorder.onFinished([pageState(1, 'https://a.fr/', 'a.fr', 1000)]);
    set({ enabled: false });
    recorder.onFinished([pageState(2, 'https://b.fr/', 'b.fr', 1000)]);
    await recorder.flush();
    expect(await store.counts()).toEqual({ pages: 0, days: 0, months: 0 });
  });

  it('after "delete all", drops the queue and ignores pages that started before', async () => {
    const { store, recorder } = setup();
    recorder.onFinished([pageState(1, 'https://a.fr/', 'a.fr', 1000, at(2026, 12, 3, 9))]);
    await recorder.forget(at(2026, 12, 3, 10));
    recorder.onFinished([pageState(2, 'https://old.fr/', 'old.fr', 1, at(2026, 12, 3, 9, 59)), pageState(3, 'https://new.fr/', 'new.fr', 2, at(2026, 12, 3, 10))]);
    await recorder.flush();
    expect((await store.exportAll()).pages.map((p) => p.site)).toEqual(['new.fr']);
  });
});

describe('history settings', () => {
  it('default to 30 days of pages, 13 months of totals, private windows not recorded', () => {
    expect(DEFAULT_HISTORY_SETTINGS).toEqual({ enabled: true, pageDays: 30, rollupMonths: 13, recordPrivate: false });
  });

  it('fall back field by field on what is invalid', () => {
    expect(parseHistorySettings({ enabled: false, pageDays: 0, rollupMonths: 24, recordPrivate: 'yes' })).toEqual({ enabled: false, pageDays: 30, rollupMonths: 24, recordPrivate: false });
    expect(parseHistorySettings({ pageDays: 7.5 }).pageDays).toBe(30);
    expect(parseHistorySettings(null)).toEqual(DEFAULT_HISTORY_SETTINGS);
  });
});
