/*
 * Reporting in the background: the report service wired to browser.storage, the managed policy, the settings,
 * an hourly alarm, fetch, and the messages the extension's pages send. entrypoints/background.ts calls
 * startReporting() once, synchronously, and feeds it the finished pages.
 *
 * Who may talk to it: only the extension's own pages (options, dashboard); a content script's message carries the
 * web page's URL as sender.url and is refused. That includes the test clock (reportClock), which moves only the
 * report's own notion of "now" and which no page of the extension ever sends: end-to-end tests send it from an
 * extension page, the way a person could only from the extension's own developer tools.
 */
import { browser, type Browser } from 'wxt/browser';
import { currentPlatform, type PlatformApi } from '../measure/platform';
import type { PageState } from '../measure/types';
import { onMessage } from '../messaging/protocol';
import { loadSettings, readManaged } from '../settings/store';
import { PrivateTabs } from '../history/private-tabs';
import { getTip } from '../tips/catalogue';
import { parsePrefsChange } from './config';
import { collectorFetch, ReportService, type KeyValueStorage } from './service';

export const REPORT_ALARM = 'report:tick';
const TICK_EVERY_MINUTES = 60;
/** Set once the options page was opened to show the disclosure (Firefox, reporting on by policy default). */
const DISCLOSED_KEY = 'report:disclosed';

function fromExtensionPage(sender: Browser.runtime.MessageSender | undefined): boolean {
  const origin = browser.runtime.getURL('/');
  return sender?.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(origin);
}

const localStorage: KeyValueStorage = {
  get: (keys) => browser.storage.local.get(keys),
  set: (items) => browser.storage.local.set(items),
  remove: (keys) => browser.storage.local.remove(keys),
};

export function startReporting(): { onFinished(pages: readonly PageState[]): void; service: ReportService } {
  const service = new ReportService({
    storage: localStorage,
    readManaged,
    loadSettings: async () => {
      const { settings } = await loadSettings();
      return { role: settings.role, teamCode: settings.teamCode };
    },
    now: () => Date.now(),
    random: () => Math.random(),
    uuid: () => crypto.randomUUID(),
    fetch: collectorFetch(),
    isKnownTip: (id) => getTip(id) !== undefined,
    consent: () => currentPlatform(browser as unknown as PlatformApi).reportingConsent(browser as unknown as PlatformApi),
  });

  const tick = () =>
    service
      .tick()
      .then(discloseOnFirefox)
      .catch((error: unknown) => console.error('Empreinte: weekly report tick failed', error));

  /**
   * Firefox's add-on policies ask the extension itself to disclose a data transmission and obtain consent, even
   * when a policy installed it and chose reporting by default: nothing is sent before the person grants Firefox's
   * data-collection permission (ReportDeps.consent), and the first time a policy's default asks for reporting, the
   * options page opens once on its disclosure, with the switch that asks for that consent.
   */
  async function discloseOnFirefox(): Promise<void> {
    if (!import.meta.env.FIREFOX) return;
    const status = await service.status();
    if (!status.config.configured || !status.config.enabled || status.config.consent || status.config.chosen) return;
    if ((await browser.storage.local.get(DISCLOSED_KEY))[DISCLOSED_KEY] === true) return;
    await browser.storage.local.set({ [DISCLOSED_KEY]: true });
    await browser.runtime.openOptionsPage();
  }

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REPORT_ALARM) void tick();
  });
  // Creating the alarm again would push its next run back at every worker start: only when it is missing.
  void browser.alarms.get(REPORT_ALARM).then((alarm) => {
    if (!alarm) return browser.alarms.create(REPORT_ALARM, { delayInMinutes: 1, periodInMinutes: TICK_EVERY_MINUTES });
  });
  browser.storage.onChanged.addListener((_changes, area) => {
    // A policy that appears, changes or goes: follow it now rather than at the next hour.
    if (area === 'managed') void tick();
  });
  // Firefox: the person grants or withdraws the data-collection consent in the add-on's permissions.
  const permissionEvents = (browser as unknown as { permissions?: { onAdded?: { addListener(f: () => void): void }; onRemoved?: { addListener(f: () => void): void } } }).permissions;
  permissionEvents?.onAdded?.addListener(() => void tick());
  permissionEvents?.onRemoved?.addListener(() => void tick());
  // A worker starts when the browser starts or an event wakes it: a report that fell due meanwhile goes now.
  void tick();

  onMessage('reportStatus', ({ sender }) => (fromExtensionPage(sender) ? service.status() : null));
  onMessage('reportUpdate', ({ data, sender }) => {
    const change = parsePrefsChange(data);
    if (!fromExtensionPage(sender) || !change) return null;
    return service.update(change);
  });
  onMessage('reportTick', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return null;
    await tick();
    return service.status();
  });
  onMessage('reportClock', async ({ data, sender }) => {
    if (!fromExtensionPage(sender) || typeof data !== 'number') return { ok: false };
    return service.setClockOffset(data).then(
      () => ({ ok: true }),
      () => ({ ok: false }),
    );
  });
  onMessage('teamSummary', ({ sender }) => (fromExtensionPage(sender) ? service.teamSummary() : null));

  // Pages of private windows (when the person lets Empreinte run there) are not counted: a private window is meant
  // to leave no trace, not even a day in the report's counters. Same rule and same tab list as the history's.
  const privateTabs = new PrivateTabs();
  const countPages = async (pages: readonly PageState[]) => {
    const flags = await Promise.all(pages.map((page) => privateTabs.isPrivate(page.tabId)));
    await service.recordPages(pages.filter((_page, i) => !flags[i]));
  };

  return {
    onFinished: (pages) => void countPages(pages).catch((error: unknown) => console.error('Empreinte: report counters', error)),
    service,
  };
}
