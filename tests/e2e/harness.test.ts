// The harness itself: each helper the measurement tests rely on does what it says, on the built extension.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionBrowser } from './harness';
import { FixtureServer } from './fixtures/server';

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await FixtureServer.start();
  browser = await ExtensionBrowser.launch({ lang: 'en' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('ExtensionBrowser', () => {
  it('finds the extension id from its service worker', async () => {
    expect(await browser.extensionId()).toMatch(/^[a-p]{32}$/);
  });

  it('tells apart two tabs showing the same URL', async () => {
    const one = await browser.context.newPage();
    const two = await browser.context.newPage();
    await one.goto(server.url('same-origin'));
    await two.goto(server.url('same-origin'));
    const a = await browser.tabIdOf(one);
    const b = await browser.tabIdOf(two);
    expect(a).not.toBe(b);
    expect(await one.title()).toBe('Same-origin assets'); // the lookup title was put back
    await one.close();
    await two.close();
  });

  it('stops the extension worker and sees it start again on the next event', async () => {
    const page = await browser.context.newPage();
    await browser.stopExtensionWorker();
    expect(await browser.workerStatus()).toBe('stopped');
    const mark = browser.workerStatuses.length;
    await page.goto(server.url('same-origin'));
    await browser.settle(page, server);
    expect(browser.workerStatuses.slice(mark)).toContain('running');
    await page.close();
  });

  it('restarts the browser on the same profile, with the same extension id', async () => {
    const id = await browser.extensionId();
    const dir = browser.userDataDir;
    await browser.restartBrowser();
    expect(browser.userDataDir).toBe(dir);
    expect(await browser.extensionId()).toBe(id);
  });
});

describe('a page loaded while the extension worker is stopped', () => {
  // Listeners are registered synchronously when the worker starts: the request that wakes it is not missed,
  // and the page is measured in full. (A fresh profile is no test of this: Chromium loads a --load-extension
  // extension asynchronously, and a page opened at once can finish before the extension exists at all.)
  it('is measured in full', async () => {
    await browser.ready();
    const page = await browser.context.newPage();
    await browser.stopExtensionWorker();
    const since = server.mark();
    await page.goto(server.url('same-origin'));
    await browser.settle(page, server);
    const records = server.records({ page: 'same-origin', since });
    const expected = records.reduce((s, r) => s + r.bytes, 0);
    const figures = await browser.readPopup(await browser.tabIdOf(page));
    expect(records).toHaveLength(5);
    expect(Math.abs(figures.transferBytes - expected), `popup ${figures.transferBytes} B / ${figures.requestCount}, server ${expected} B / ${records.length}`).toBeLessThanOrEqual(0.02 * expected);
    expect(figures.requestCount).toBe(records.length);
    await page.close();
  });
});

describe('French', () => {
  it('shows the popup in French, passes axe-core, and writes the badge with a decimal comma', async () => {
    // The worker's language is the browser's UI language: Debian's chromium is French only with its locales.
    if (!process.env.CHROMIUM_PATH && !existsSync('/usr/lib/chromium/locales/fr.pak')) {
      throw new Error('Chromium has no French locale: install it with `apt-get install chromium-l10n`.');
    }
    const fr = await ExtensionBrowser.launch({ lang: 'fr' });
    try {
      await fr.ready();
      const page = await fr.context.newPage();
      await page.goto(server.url('badge'));
      await fr.settle(page, server);
      const tabId = await fr.tabIdOf(page);
      const { page: popup, transferBytes } = await fr.readPopup(tabId, { keepOpen: true });
      expect(await popup.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage())).toMatch(/^fr/);
      expect(await popup.evaluate(() => document.documentElement.lang)).toMatch(/^fr/);
      const violations = await fr.axeViolations(popup);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      // The page weighs about 1.2 MB: the badge shows megabytes with one decimal, written the French way.
      expect(transferBytes).toBeGreaterThan(1_150_000);
      expect(transferBytes).toBeLessThan(1_250_000);
      const expected = `${(transferBytes / 1e6).toFixed(1).replace('.', ',')}M`;
      let badge = '';
      for (let i = 0; i < 40 && badge !== expected; i++) {
        badge = await popup.evaluate((id) => (globalThis as unknown as { chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } } }).chrome.action.getBadgeText({ tabId: id }), tabId);
        if (badge !== expected) await popup.waitForTimeout(100);
      }
      expect(badge).toBe(expected);
      expect(badge).toMatch(/^1,[12]M$/);
      await popup.close();
    } finally {
      await fr.close();
    }
  });
});
