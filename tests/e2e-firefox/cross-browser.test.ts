// The same pages loaded in Chromium and in Firefox, each with its build of the extension, against the same fixture
// server: where both browsers can observe a size, their figures agree within 2% (and each is within 2% of the
// bytes the server wrote for it). Where they cannot agree, the test pins down why, as the README explains:
// - cross-origin chunked bodies without Timing-Allow-Origin: Firefox measures them (its content scripts see the
//   size), Chromium can only estimate them;
// - a browser sometimes asks twice for the same URL: Firefox for an image it could not show (a 404, a body that
//   is not an image), Chromium for a streamed stylesheet. The traffic differs, not the measurement: each figure
//   matches the bytes sent to its browser, and the two agree once those repeats are set aside.
// Needs both builds: `npx wxt build && npx wxt build -b firefox`.
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPlatform, firefoxPlatform } from '../../lib/measure/platform';
import { ExtensionBrowser } from '../e2e/harness';
import { FixtureServer } from '../e2e/fixtures/server';
import { explain, expectObservable, reading, TOLERANCE, type Reading } from './checks';
import { FirefoxExtensionBrowser } from './harness';

let server: FixtureServer;
let chromium: ExtensionBrowser;
let firefox: FirefoxExtensionBrowser;
const table: { scenario: string; chromium: number; firefox: number; difference: string; repeats: string }[] = [];

beforeAll(async () => {
  server = await FixtureServer.start();
  chromium = await ExtensionBrowser.launch({ lang: 'en' });
  await chromium.ready();
  firefox = await FirefoxExtensionBrowser.launch({ lang: 'en' });
  await (await firefox.openExtensionPage('popup.html')).close();
});

afterAll(async () => {
  await chromium?.close();
  await firefox?.close();
  await server?.close();
  if (table.length > 0) console.table(table);
});

type Window2 = Window & { __done?: unknown };

async function inChromium(scenario: string, query: string, waitDone: boolean): Promise<Reading> {
  const page: ChromiumPage = await chromium.context.newPage();
  const since = server.mark();
  await page.goto(server.url(scenario) + query);
  if (waitDone) await page.waitForFunction(() => Boolean((window as Window2).__done), undefined, { timeout: 30_000 });
  await chromium.settle(page, server);
  const { page: _popup, ...figures } = await chromium.readPopup(await chromium.tabIdOf(page));
  await page.close();
  return reading(`${scenario} (Chromium)`, figures, server.records({ page: scenario, since }));
}

async function inFirefox(scenario: string, query: string, waitDone: boolean): Promise<Reading> {
  const page: FirefoxPage = await firefox.newPage();
  const since = server.mark();
  await page.goto(server.url(scenario) + query);
  if (waitDone) await page.waitForFunction(() => Boolean((window as Window2).__done), { timeout: 30_000 });
  await firefox.settle(page, server);
  const { page: _popup, ...figures } = await firefox.readPopup(await firefox.tabIdOf(page));
  await page.close();
  return reading(`${scenario} (Firefox)`, figures, server.records({ page: scenario, since }));
}

async function both(scenario: string, query = '', waitDone = false): Promise<{ c: Reading; f: Reading }> {
  const c = await inChromium(scenario, query, waitDone);
  const f = await inFirefox(scenario, query, waitDone);
  const diff = (f.figures.transferBytes - c.figures.transferBytes) / c.figures.transferBytes;
  table.push({
    scenario,
    chromium: c.figures.transferBytes,
    firefox: f.figures.transferBytes,
    difference: `${(diff * 100).toFixed(2)}%`,
    repeats: `Chromium ${repeats(c, f)} B, Firefox ${repeats(f, c)} B`,
  });
  return { c, f };
}

/** Bytes of the responses one record has more often than the other, URL by URL (a browser's own repeats). */
function repeats(mine: Reading, other: Reading): number {
  const count = new Map<string, number>();
  for (const r of other.records) count.set(r.host + r.path, (count.get(r.host + r.path) ?? 0) + 1);
  let extra = 0;
  for (const r of mine.records) {
    const key = r.host + r.path;
    const left = count.get(key) ?? 0;
    if (left > 0) count.set(key, left - 1);
    else if (other.records.some((o) => o.host + o.path === key)) extra += r.bytes;
  }
  return extra;
}

/**
 * Both observed everything: each figure matches its own record, and the two agree within 2% once each browser's
 * repeated requests for a URL the other fetched fewer times are set aside.
 */
function expectAgreement({ c, f }: { c: Reading; f: Reading }): void {
  expectObservable(c);
  expectObservable(f);
  // Every URL one browser fetched, the other fetched too: the pages are the same.
  expect([...new Set(f.records.map((r) => r.host + r.path))].sort()).toEqual([...new Set(c.records.map((r) => r.host + r.path))].sort());
  const gap = Math.abs(f.figures.transferBytes - repeats(f, c) - (c.figures.transferBytes - repeats(c, f)));
  expect(gap, `${explain(c)}\n\n${explain(f)}`).toBeLessThanOrEqual(TOLERANCE * Math.max(c.figures.transferBytes, f.figures.transferBytes));
}

describe('the same page measured in Chromium and in Firefox', () => {
  const agreeing: [string, string, boolean][] = [
    ['same-origin', '', false],
    ['cross-origin-tao', '', false],
    ['cross-origin-notao', '', false],
    ['gzip', '?enc=gzip', false],
    ['brotli', '?enc=br', false],
    ['chunked', '?te=chunked', false],
    ['redirect', '?redir=3', false],
    ['fetch-xhr', '', true],
    ['webfont', '', false],
    ['iframe-xorigin', '', false],
    ['many-requests', '', false],
    ['errors', '', true],
  ];
  for (const [scenario, query, waitDone] of agreeing) {
    it(`${scenario}: the two figures agree within 2% (a browser's repeated requests aside)`, async () => {
      expectAgreement(await both(scenario, query, waitDone));
    });
  }

  it('cross-origin chunked without Timing-Allow-Origin: Firefox measures, Chromium estimates and says so', async () => {
    expect(firefoxPlatform.timingSeesCrossOriginSizes).toBe(true);
    expect(chromiumPlatform.timingSeesCrossOriginSizes).toBe(false);
    const { c, f } = await both('chunked-xorigin');
    // Both browsers were sent the same bytes.
    expect(Math.abs(c.expectedBytes - f.expectedBytes)).toBeLessThanOrEqual(TOLERANCE * f.expectedBytes);
    expectObservable(f);
    expect(f.figures.estimatedBytes, explain(f)).toBe(0);
    expect(c.figures.estimatedBytes, explain(c)).toBeGreaterThan(0);
    // Chromium's figure is the part it sees plus typical sizes: it agrees with Firefox only on what both see.
    const seenByBoth = c.figures.transferBytes - c.figures.estimatedBytes;
    expect(seenByBoth).toBeLessThan(f.figures.transferBytes);
  });
});
