import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { estimate } from '../lib/carbon';
import { startHistory } from '../lib/history/service';
import { MeasureService } from '../lib/measure/service';
import { startReporting } from '../lib/report/background';
import { onMessage, parseDocumentStart, parseTimings, parseWebSocketPayloads } from '../lib/messaging/protocol';
import { DEFAULT_SETTINGS, resolveLang, type Settings } from '../lib/settings';
import { loadSettings, openOnboardingAtInstall } from '../lib/settings/store';
import { startTips } from '../lib/tips/service';

export default defineBackground(() => {
  // Everything below registers listeners synchronously: the event that woke the worker must find them.
  let settings: Settings = DEFAULT_SETTINGS;
  const measure = new MeasureService(
    () => settings.grid,
    (pages) => {
      tips.onFinished(pages);
      history.onFinished(pages);
      reporting.onFinished(pages);
    },
    () => resolveLang(settings.lang, browser.i18n.getUILanguage()),
  );
  const tips = startTips({
    page: async (tabId) => ((await measure.view(tabId)) ? (measure.ledger.page(tabId) ?? null) : null),
    settings: () => settings,
  });
  // History records each finished page with the grid in force when it ended, as the popup showed it.
  const history = startHistory({
    carbon: (bytes) => {
      const { grams, model } = estimate(bytes, settings.grid);
      return { grams, model: { model: model.model, version: model.version } };
    },
  });
  // The weekly anonymous report: off unless a collector is configured (lib/report/background.ts).
  const reporting = startReporting();
  openOnboardingAtInstall();

  // The person's settings with an administrator's managed policy on top (lib/settings/store.ts).
  const reloadSettings = () =>
    loadSettings().then(({ settings: next }) => {
      settings = next;
      measure.refreshBadges();
    });
  void reloadSettings();
  browser.storage.onChanged.addListener((changes, area) => {
    if ((area === 'local' && changes.settings) || area === 'managed') void reloadSettings();
  });

  onMessage('timings', ({ data, sender }) => {
    const entries = parseTimings(data);
    const tabId = sender.tab?.id;
    if (entries && tabId !== undefined) measure.timings(tabId, entries);
    else console.warn('Empreinte: dropped a malformed timings message');
  });
  onMessage('websocket', ({ data, sender }) => {
    const payloads = parseWebSocketPayloads(data);
    const tabId = sender.tab?.id;
    if (payloads && tabId !== undefined) measure.websocket(tabId, payloads);
    else console.warn('Empreinte: dropped a malformed websocket message');
  });
  onMessage('document', ({ data, sender }) => {
    const doc = parseDocumentStart(data);
    const tabId = sender.tab?.id;
    // Only a tab's top frame starts a page.
    if (doc && tabId !== undefined && sender.frameId === 0) measure.document(tabId, doc);
    else if (!doc) console.warn('Empreinte: dropped a malformed document message');
  });
  onMessage('getPage', ({ data, sender }) => {
    // Only the extension's own pages may read figures (a content script has no tab-independent view).
    if (sender.tab !== undefined && !sender.url?.startsWith(browser.runtime.getURL('/'))) return null;
    return typeof data === 'number' ? measure.view(data) : null;
  });
});
