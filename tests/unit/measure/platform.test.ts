import { describe, expect, it, vi } from 'vitest';
import {
  chromiumPlatform,
  currentPlatform,
  detectPlatform,
  firefoxPlatform,
  isInternalRedirect,
  platformForTarget,
  REPORT_DATA_CATEGORY,
  type PlatformApi,
  type ToolbarButton,
} from '../../../lib/measure/platform';

function button(): ToolbarButton {
  return { setBadgeText: vi.fn(async () => {}), setBadgeBackgroundColor: vi.fn(async () => {}), setTitle: vi.fn(async () => {}) };
}

const start = { requestId: '7', tabId: 3, frameId: 0, type: 'script', url: 'https://example.org/a.js', timeStamp: 100 };

describe('platform detection', () => {
  it('uses the build target when WXT gives one', () => {
    expect(platformForTarget('firefox')).toBe(firefoxPlatform);
    expect(platformForTarget('chrome')).toBe(chromiumPlatform);
    expect(platformForTarget('edge')).toBe(chromiumPlatform);
    expect(platformForTarget('safari')).toBeUndefined();
    expect(platformForTarget(undefined)).toBeUndefined();
  });

  it('falls back to runtime.getBrowserInfo, which only Firefox has', () => {
    expect(detectPlatform({ runtime: { getBrowserInfo: () => Promise.resolve({}) } })).toBe(firefoxPlatform);
    expect(detectPlatform({ runtime: {} })).toBe(chromiumPlatform);
    expect(detectPlatform({})).toBe(chromiumPlatform);
    // Under vitest import.meta.env.BROWSER is not a target name: detection decides.
    expect(currentPlatform({ runtime: { getBrowserInfo: () => undefined } }).family).toBe(platformForTarget(import.meta.env.BROWSER)?.family ?? 'firefox');
  });
});

describe('webRequest options', () => {
  it("asks Chromium for 'extraHeaders' when it offers it, and never asks Firefox", () => {
    const withExtra: PlatformApi = { webRequest: { OnResponseStartedOptions: { EXTRA_HEADERS: 'extraHeaders' } } };
    expect(chromiumPlatform.responseHeaderOptions(withExtra)).toEqual(['responseHeaders', 'extraHeaders']);
    expect(chromiumPlatform.responseHeaderOptions({ webRequest: {} })).toEqual(['responseHeaders']);
    expect(firefoxPlatform.responseHeaderOptions(withExtra)).toEqual(['responseHeaders']);
  });
});

describe('request start', () => {
  it("keeps Chromium's initiator and prerender lifecycle", () => {
    expect(chromiumPlatform.requestStart({ ...start, initiator: 'https://example.org', documentLifecycle: 'prerender' })).toEqual({
      ...start,
      initiator: 'https://example.org',
      documentLifecycle: 'prerender',
    });
  });

  it("turns Firefox's originUrl into the initiator origin the ledger matches tabs with", () => {
    const worker = firefoxPlatform.requestStart({ ...start, tabId: -1, originUrl: 'http://127.0.0.1:4321/s/service-worker/sw.js' });
    expect(worker).toEqual({ ...start, tabId: -1, initiator: 'http://127.0.0.1:4321' });
    // Chromium has no originUrl: nothing is invented.
    expect(chromiumPlatform.requestStart({ ...start, originUrl: 'https://example.org/page' }).initiator).toBeUndefined();
  });

  it('leaves the initiator out when Firefox gives none or an opaque one', () => {
    expect(firefoxPlatform.requestStart(start)).not.toHaveProperty('initiator');
    expect(firefoxPlatform.requestStart({ ...start, originUrl: 'data:text/html,x' })).not.toHaveProperty('initiator');
    expect(firefoxPlatform.requestStart({ ...start, originUrl: 'not a url' })).not.toHaveProperty('initiator');
  });

  it('copies only the fields the ledger reads (the details are persisted with the ledger state)', () => {
    const noisy = { ...start, originUrl: 'https://example.org/', documentUrl: 'https://example.org/', thirdParty: false, urlClassification: {} };
    expect(Object.keys(firefoxPlatform.requestStart(noisy)).sort()).toEqual(['frameId', 'initiator', 'requestId', 'tabId', 'timeStamp', 'type', 'url']);
  });
});

describe('toolbar button', () => {
  it('uses action in Manifest V3 and browserAction in a Firefox Manifest V2 build', () => {
    const action = button();
    const browserAction = button();
    expect(chromiumPlatform.toolbarButton({ action, browserAction })).toBe(action);
    expect(firefoxPlatform.toolbarButton({ action, browserAction, runtime: { getManifest: () => ({ manifest_version: 3 }) } })).toBe(action);
    expect(firefoxPlatform.toolbarButton({ browserAction, runtime: { getManifest: () => ({ manifest_version: 2 }) } })).toBe(browserAction);
    expect(firefoxPlatform.toolbarButton({ browserAction })).toBe(browserAction);
  });

  it('says clearly when there is no toolbar button at all', () => {
    expect(() => chromiumPlatform.toolbarButton({})).toThrow(/neither action nor browserAction/);
  });
});

describe('consent to send the weekly report', () => {
  it('is only the setting on Chromium (no browser-level consent exists)', async () => {
    await expect(chromiumPlatform.reportingConsent({})).resolves.toBe(true);
  });

  it("follows Firefox's data-collection permission for the declared optional category", async () => {
    const contains = vi.fn(async (p: { data_collection?: string[] }) => p.data_collection?.[0] === REPORT_DATA_CATEGORY && granted);
    const request = vi.fn(async () => {
      granted = true;
      return true;
    });
    let granted = false;
    const api: PlatformApi = { permissions: { contains, request } };
    await expect(firefoxPlatform.reportingConsent(api)).resolves.toBe(false);
    await expect(firefoxPlatform.requestReportingConsent(api)).resolves.toBe(true);
    expect(request).toHaveBeenCalledWith({ data_collection: ['technicalAndInteraction'] });
    await expect(firefoxPlatform.reportingConsent(api)).resolves.toBe(true);
  });

  it('refuses when Firefox offers no permissions API', async () => {
    await expect(firefoxPlatform.reportingConsent({})).resolves.toBe(false);
  });
});

describe('redirects the browser answered itself', () => {
  it("recognises Chromium's and Firefox's markings, and only those", () => {
    expect(isInternalRedirect({ statusCode: 307, statusLine: 'HTTP/1.1 307 Internal Redirect' })).toBe(true);
    // Firefox, a service worker taking a request over: no status, no status line.
    expect(isInternalRedirect({ statusCode: 0, statusLine: '' })).toBe(true);
    expect(isInternalRedirect({ statusCode: 302, statusLine: 'HTTP/1.1 302 Found' })).toBe(false);
    expect(isInternalRedirect({ statusCode: 307 })).toBe(false);
  });
});

describe('background suspension', () => {
  it("hooks Firefox's runtime.onSuspend, and nothing in Chromium (a service worker never gets it)", () => {
    const addListener = vi.fn();
    const listener = () => {};
    firefoxPlatform.onSuspend({ runtime: { onSuspend: { addListener } } }, listener);
    expect(addListener).toHaveBeenCalledWith(listener);
    addListener.mockClear();
    chromiumPlatform.onSuspend({ runtime: { onSuspend: { addListener } } }, listener);
    expect(addListener).not.toHaveBeenCalled();
    expect(firefoxPlatform.background).toBe('event-page');
    expect(chromiumPlatform.background).toBe('service-worker');
  });
});
