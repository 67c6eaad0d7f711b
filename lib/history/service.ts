/*
 * History in the background: the recorder fed by the measurement, the retention schedule, the settings and the
 * messages extension pages send. entrypoints/background.ts calls startHistory() once, synchronously.
 */
import { browser, type Browser } from 'wxt/browser';
import { onMessage } from '../messaging/protocol';
import type { PageState } from '../measure/types';
import { addDays, dayOf, monthOf, startOfDay } from './dates';
import { PrivateTabs } from './private-tabs';
import { HistoryRecorder } from './recorder';
import { DEFAULT_HISTORY_SETTINGS, HISTORY_SETTINGS_KEY, type HistorySettings } from './settings';
import { loadHistorySettings } from './settings-store';
import { HistoryStore, HistoryUnavailableError } from './store';
import { periodRange, summarize } from './summary';
import type { HistoryReply, Period } from './types';

export const PURGE_ALARM = 'history:purge';
const PURGE_EVERY_MINUTES = 6 * 60;

export interface HistoryDeps {
  carbon: (bytes: number) => { grams: number; model: { model: string; version: number } };
}

/** Only the extension's own pages (popup, dashboard, options) may read or delete history; content scripts may not. */
export function fromExtensionPage(sender: Browser.runtime.MessageSender | undefined): boolean {
  const origin = browser.runtime.getURL('/');
  return sender?.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(origin);
}

async function reply<T>(store: HistoryStore, read: () => Promise<T>): Promise<HistoryReply<T>> {
  try {
    return { available: true, data: await read() };
  } catch (error) {
    if (error instanceof HistoryUnavailableError) {
      return { available: false, reason: store.status.state === 'unavailable' ? store.status.reason : 'open-failed' };
    }
    console.error('Empreinte history: read failed', error);
    return { available: false, reason: 'error' };
  }
}

export function startHistory(deps: HistoryDeps): { onFinished: (pages: PageState[]) => void; store: HistoryStore } {
  let settings: HistorySettings = DEFAULT_HISTORY_SETTINGS;
  const store = new HistoryStore();
  const privateTabs = new PrivateTabs();
  // The person's settings with the administrator's retention on top (historyPageDays, historyRollupMonths).
  // Reads may overlap (a policy and a local change together): only the latest one started is kept.
  let reads = 0;
  const loadSettings = () => {
    const read = ++reads;
    return loadHistorySettings().then(
      (loaded) => {
        if (read === reads) settings = loaded.settings;
      },
      (error: unknown) => console.error('Empreinte history: settings could not be read', error),
    );
  };
  let settingsLoaded = loadSettings();
  const recorder = new HistoryRecorder({
    store,
    settings: () => settings,
    carbon: deps.carbon,
    isPrivateTab: (tabId) => privateTabs.isPrivate(tabId),
    beforeWrite: () => settingsLoaded,
  });

  const purge = async () => {
    await settingsLoaded;
    try {
      await store.purge(Date.now(), settings);
    } catch (error) {
      if (!(error instanceof HistoryUnavailableError)) console.error('Empreinte history: purge failed', error);
    }
  };

  browser.storage.onChanged.addListener((changes, area) => {
    if (!((area === 'local' && HISTORY_SETTINGS_KEY in changes) || area === 'managed')) return;
    settingsLoaded = loadSettings();
    void purge();
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PURGE_ALARM) void purge();
  });
  // Creating the alarm again would push its next run back at every worker start: only when it is missing.
  void browser.alarms.get(PURGE_ALARM).then((alarm) => {
    if (!alarm) return browser.alarms.create(PURGE_ALARM, { delayInMinutes: 1, periodInMinutes: PURGE_EVERY_MINUTES });
  });
  void store.open();

  onMessage('historySummary', ({ data, sender }) => {
    const period = parseHistoryQuery(data);
    if (!fromExtensionPage(sender) || !period) return { available: false, reason: 'error' } as const;
    return reply(store, async () => {
      await recorder.flush();
      const now = Date.now();
      const range = periodRange(period, now);
      const today = dayOf(now);
      // Twelve months are read as monthly rows (keyed on the 1st of their month, which is how summarize buckets
      // them); shorter periods as days.
      const rows =
        period === '12m'
          ? store.months(monthOf(range.previousFrom), monthOf(range.to)).then((months) => months.map(({ month, ...rest }) => ({ ...rest, day: `${month}-01` })))
          : store.days(range.previousFrom, range.to);
      const [days, todayPages, since] = await Promise.all([
        rows,
        period === 'today' ? store.pages(startOfDay(today), startOfDay(addDays(today, 1))) : Promise.resolve([]),
        store.since(),
      ]);
      return summarize(period, now, days, todayPages, since);
    });
  });
  onMessage('historyExport', ({ sender }) => {
    if (!fromExtensionPage(sender)) return { available: false, reason: 'error' } as const;
    return reply(store, async () => {
      await recorder.flush();
      return store.exportAll();
    });
  });
  onMessage('deleteAllData', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return { ok: false };
    try {
      await recorder.forget(Date.now());
      await store.deleteEverything();
      await browser.storage.local.clear();
      await browser.storage.session.clear();
      // Back to the defaults, with the administrator's retention if a policy sets it.
      settingsLoaded = loadSettings();
      return { ok: true };
    } catch (error) {
      console.error('Empreinte history: delete all failed', error);
      return { ok: false };
    }
  });

  return { onFinished: (pages) => recorder.onFinished(pages), store };
}

/** The dashboard's query, checked like any message: a period from the closed list, nothing else. */
export function parseHistoryQuery(data: unknown): Period | null {
  const period = (data as { period?: unknown } | null)?.period;
  return period === 'today' || period === '7d' || period === '30d' || period === '12m' ? period : null;
}
