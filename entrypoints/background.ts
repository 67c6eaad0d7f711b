import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { MeasureService } from '../lib/measure/service';
import { onMessage, parseTimings, parseWebSocketPayloads } from '../lib/messaging/protocol';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../lib/settings';

export default defineBackground(() => {
  // Everything below registers listeners synchronously: the event that woke the worker must find them.
  let settings: Settings = DEFAULT_SETTINGS;
  const measure = new MeasureService(() => settings.grid);

  void browser.storage.local.get('settings').then((stored) => {
    settings = parseSettings(stored.settings);
    measure.refreshBadges();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.settings) {
      settings = parseSettings(changes.settings.newValue);
      measure.refreshBadges();
    }
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
  onMessage('getPage', ({ data, sender }) => {
    // Only the extension's own pages may read figures (a content script has no tab-independent view).
    if (sender.tab !== undefined && !sender.url?.startsWith(browser.runtime.getURL('/'))) return null;
    return typeof data === 'number' ? measure.view(data) : null;
  });
});
