// History and dashboard on the built extension: pages visited in Chromium are recorded when they end (tab
// closed), the dashboard's totals equal the sum of what the popup showed for each page, survive a browser
// restart, and "delete all my data" leaves nothing in IndexedDB or extension storage. axe-core checks the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionBrowser } from './harness';
import { FixtureServer } from './fixtures/server';

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await FixtureServer.start();
  browser = await ExtensionBrowser.launch({ lang: 'en' });
  await browser.ready();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface DashboardFigures {
  bytes: number;
  grams: number;
  pages: number;
}

async function readDashboard(page: Page): Promise<DashboardFigures> {
  await page.locator('[data-testid="period-pages"][data-value]').waitFor({ timeout: 20_000 });
  return page.evaluate(() => {
    const read = (id: string) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value'));
    return { bytes: read('period-bytes'), grams: read('period-co2-grams'), pages: read('period-pages') };
  });
}

/** Opens the dashboard until it shows `pages` pages (a closed tab's page reaches history within about a second). */
async function dashboardWith(period: string, pages: number): Promise<{ page: Page; figures: DashboardFigures }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await browser.openExtensionPage(`dashboard.html?period=${period}`);
    const figures = await readDashboard(page);
    if (figures.pages >= pages || Date.now() > deadline) return { page, figures };
    await page.close();
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Everything the extension keeps: IndexedDB databases with their record counts, storage.local and storage.session. */
async function everythingStored(): Promise<{ idb: Record<string, number>; local: Record<string, unknown>; session: Record<string, unknown> }> {
  const ext = await browser.openExtensionPage('popup.html?tabId=0');
  try {
    return await ext.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { get(k: null): Promise<Record<string, unknown>> }> } }).chrome;
      const idb: Record<string, number> = {};
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(info.name!);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const store of db.objectStoreNames) {
          idb[`${info.name}/${store}`] = await new Promise<number>((resolve) => {
            const count = db.transaction(store).objectStore(store).count();
            count.onsuccess = () => resolve(count.result);
          });
        }
        db.close();
      }
      return { idb, local: await c.storage.local.get(null), session: await c.storage.session.get(null) };
    });
  } finally {
    await ext.close();
  }
}

describe('history and dashboard', () => {
  const seen: { scenario: string; bytes: number; grams: number; estimated: number }[] = [];

  it('records each visited page, and the dashboard totals equal the sum of the popup figures', async () => {
    for (const scenario of ['same-origin', 'gzip', 'cross-origin-tao']) {
      const page = await browser.context.newPage();
      await page.goto(server.url(scenario));
      await browser.settle(page, server);
      const tabId = await browser.tabIdOf(page);
      const figures = await browser.readPopup(tabId);
      seen.push({ scenario, bytes: figures.transferBytes, grams: figures.co2Grams, estimated: figures.estimatedBytes });
      // Closing the tab ends its page: that is when it enters history.
      await page.close();
    }
    expect(seen.every((s) => s.bytes > 0)).toBe(true);
    const bytes = seen.reduce((sum, s) => sum + s.bytes, 0);
    const grams = seen.reduce((sum, s) => sum + s.grams, 0);

    for (const period of ['today', '7d', '30d', '12m']) {
      const { page, figures } = await dashboardWith(period, seen.length);
      expect(figures, `${period}: ${JSON.stringify(seen)}`).toMatchObject({ pages: seen.length, bytes });
      expect(figures.grams / grams).toBeCloseTo(1, 9);
      await page.close();
    }
  });

  it('shows the sites (registrable domain only) and no URL', async () => {
    const { page } = await dashboardWith('today', seen.length);
    const sites = await page.locator('[data-testid="top-sites"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')));
    expect(sites).toEqual(['127.0.0.1']);
    const json = await page.evaluate(() => document.body.innerText);
    expect(json).not.toContain('same-origin');
    await page.close();
  });

  it('has no axe-core violation, in English and with the table alternative open', async () => {
    const { page } = await dashboardWith('7d', seen.length);
    expect(await browser.axeViolations(page)).toEqual([]);
    await page.locator('details summary').first().click();
    expect(await browser.axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('keeps history across a browser restart', async () => {
    await browser.restartBrowser();
    await browser.ready();
    const { page, figures } = await dashboardWith('today', seen.length);
    expect(figures.pages).toBe(seen.length);
    expect(figures.bytes).toBe(seen.reduce((sum, s) => sum + s.bytes, 0));
    await page.close();
  });

  it('"delete all my data" leaves nothing in IndexedDB or extension storage', async () => {
    const before = await everythingStored();
    expect(before.idb['empreinte-history/pages']).toBe(seen.length);
    const { page } = await dashboardWith('today', seen.length);
    await page.getByTestId('delete-all').click();
    await page.getByTestId('history-data-status').filter({ hasText: 'All your data was deleted.' }).waitFor({ timeout: 20_000 });
    expect(await readDashboard(page)).toMatchObject({ pages: 0, bytes: 0, grams: 0 });
    await page.close();
    const after = await everythingStored();
    expect(Object.values(after.idb).every((n) => n === 0), JSON.stringify(after.idb)).toBe(true);
    expect(after.local).toEqual({});
    expect(after.session).toEqual({});
  });
});
