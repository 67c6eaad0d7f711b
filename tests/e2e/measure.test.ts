// The extension's per-page figure against the fixture server's record of the bytes it wrote, one scenario
// per kind of response listed in issue 2. Where an extension can observe the size, the popup's
// transfer-bytes must be within 2% of the record and request-count must equal the number of responses.
// Where nothing in the browser shows the size (cross-origin chunked bodies without Timing-Allow-Origin,
// WebSocket frames), the popup must say part of the figure is estimated (estimated-bytes > 0) and the total
// must stay within ESTIMATE_BAND of the record, and never below what was observable.
//
// `E2E_REPORT=path npx vitest run --config vitest.e2e.config.ts tests/e2e/measure.test.ts` also writes every
// scenario's figures and records as JSON, for the measurement's authors.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionBrowser } from './harness';
import type { PopupFigures } from './harness';
import { FAVICON, FixtureServer } from './fixtures/server';
import type { ResponseRecord } from './fixtures/server';

/** Tolerance where the size is observable (issue 2's target). */
const TOLERANCE = 0.02;
/** Where it is not: the figure must be between half and twice the record. */
const ESTIMATE_BAND = { min: 0.5, max: 2 } as const;

let server: FixtureServer;
let browser: ExtensionBrowser;
const report: unknown[] = [];

beforeAll(async () => {
  server = await FixtureServer.start();
  browser = await ExtensionBrowser.launch({ lang: 'en' });
  await browser.ready();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (process.env.E2E_REPORT) writeFileSync(process.env.E2E_REPORT, JSON.stringify(report, null, 2));
});

interface Measurement {
  scenario: string;
  figures: PopupFigures;
  /** The server's responses for this load (HTTP responses and, separately, WebSocket frame totals). */
  records: ResponseRecord[];
  expectedBytes: number;
  expectedCount: number;
  page: Page;
  /** When the first reading was off: a second reading 5 s later, to tell a slow figure from a lost one. */
  late?: PopupFigures;
}

type Window2 = Window & { __done?: unknown; __controlled?: boolean };

/** Waits for the fixture page's own "finished" flag (set after its post-load requests complete). */
async function pageDone(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as Window2).__done), undefined, { timeout: 30_000 });
}

/**
 * Loads (or reloads) a scenario page in its own tab, lets it settle, reads the popup for that tab and
 * collects the server's records for the same load.
 */
async function measure(
  scenario: string,
  opts: { query?: string; act?: (page: Page) => Promise<void>; reuse?: Page; newTab?: boolean } = {},
): Promise<Measurement> {
  const page = opts.reuse ?? (await browser.context.newPage());
  const since = server.mark();
  if (opts.reuse) await page.reload();
  else await page.goto(server.url(scenario) + (opts.query ?? ''));
  if (opts.act) await opts.act(page);
  await browser.settle(page, server);
  const tabId = await browser.tabIdOf(page);
  const { page: _popup, ...figures } = await browser.readPopup(tabId);
  const records = server.records({ page: scenario, since });
  const expectedBytes = records.reduce((sum, r) => sum + r.bytes, 0);
  let late: PopupFigures | undefined;
  if (Math.abs(figures.transferBytes - expectedBytes) > TOLERANCE * expectedBytes) {
    await page.waitForTimeout(5000);
    const { page: _again, ...again } = await browser.readPopup(tabId);
    late = again;
  }
  const m: Measurement = {
    scenario,
    figures,
    records,
    expectedBytes,
    expectedCount: records.filter((r) => r.kind === 'http').length,
    page,
    late,
  };
  report.push({
    scenario: scenario + (opts.reuse ? ' (reload)' : ''),
    figures,
    expectedBytes: m.expectedBytes,
    expectedCount: m.expectedCount,
    ratio: Number((figures.transferBytes / m.expectedBytes).toFixed(4)),
    late,
    culprits: culprits(m),
    records: records.map(({ host, method, path, status, bytes, headerBytes, kind, aborted, request, response }) => ({ host, method, path, status, bytes, headerBytes, kind, aborted, request, response })),
  });
  return m;
}

/** Responses whose bytes (or header bytes, or sum for one status) equal the difference: the likely culprits. */
function culprits(m: Measurement): string[] {
  const diff = Math.abs(m.figures.transferBytes - m.expectedBytes);
  if (diff === 0) return [];
  const hits: string[] = [];
  for (const r of m.records) {
    if (r.bytes === diff) hits.push(`${r.path} (whole response, ${diff} B)`);
    else if (r.headerBytes === diff) hits.push(`${r.path} (its headers, ${diff} B)`);
    else if (r.bytes - r.headerBytes === diff) hits.push(`${r.path} (its body, ${diff} B)`);
  }
  const byStatus = new Map<number, number>();
  for (const r of m.records) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.bytes);
  for (const [status, sum] of byStatus) if (sum === diff) hits.push(`all ${status} responses (${sum} B)`);
  return hits;
}

/** What to print when a figure is off: both sides, and every response the server wrote. */
function explain(m: Measurement): string {
  const suspects = culprits(m);
  const rows = m.records.map((r) => `  ${r.status} ${r.kind === 'ws-frames' ? 'WS frames' : r.method} ${r.host}${r.path} ${r.bytes} B (headers ${r.headerBytes})${r.aborted ? ' aborted' : ''}`);
  return [
    `${m.scenario}: popup transfer-bytes ${m.figures.transferBytes}, request-count ${m.figures.requestCount}, estimated-bytes ${m.figures.estimatedBytes};`,
    `server wrote ${m.expectedBytes} B in ${m.expectedCount} responses (difference ${m.figures.transferBytes - m.expectedBytes} B):`,
    ...rows,
    ...(suspects.length ? [`difference matches: ${suspects.join('; ')}`] : []),
    ...(m.late ? [`popup read again 5 s later: transfer-bytes ${m.late.transferBytes}, request-count ${m.late.requestCount}`] : []),
  ].join('\n');
}

function expectObservable(m: Measurement): void {
  expect(m.expectedBytes, 'the scenario produced no traffic').toBeGreaterThan(0);
  expect(Math.abs(m.figures.transferBytes - m.expectedBytes), explain(m)).toBeLessThanOrEqual(TOLERANCE * m.expectedBytes);
  expect(m.figures.requestCount, explain(m)).toBe(m.expectedCount);
}

/** `hidden` = body bytes nothing in the browser can see; the rest must be counted in full. */
function expectEstimated(m: Measurement, hidden: number): void {
  expect(m.figures.estimatedBytes, explain(m)).toBeGreaterThan(0);
  expect(m.figures.transferBytes, explain(m)).toBeGreaterThanOrEqual((1 - TOLERANCE) * (m.expectedBytes - hidden));
  expect(m.figures.transferBytes, explain(m)).toBeGreaterThanOrEqual(ESTIMATE_BAND.min * m.expectedBytes);
  expect(m.figures.transferBytes, explain(m)).toBeLessThanOrEqual(ESTIMATE_BAND.max * m.expectedBytes);
  expect(m.figures.requestCount, explain(m)).toBe(m.expectedCount);
}

const has = (m: Measurement, pred: (r: ResponseRecord) => boolean): number => m.records.filter(pred).length;

describe('transfer weight per page, against the server record', () => {
  it('same-origin assets', async () => {
    const m = await measure('same-origin');
    expect(m.expectedCount).toBe(5);
    expectObservable(m);
    await m.page.close();
  });

  it('cross-origin assets with Timing-Allow-Origin', async () => {
    const m = await measure('cross-origin-tao');
    expect(new Set(m.records.map((r) => r.host.split(':')[0])).size).toBe(3);
    expectObservable(m);
    await m.page.close();
  });

  it('cross-origin assets without Timing-Allow-Origin (Content-Length known)', async () => {
    const m = await measure('cross-origin-notao');
    expectObservable(m);
    await m.page.close();
  });

  it('gzip', async () => {
    const m = await measure('gzip', { query: '?enc=gzip' });
    expect(has(m, (r) => r.response['content-encoding'] === 'gzip')).toBe(5);
    expectObservable(m);
    await m.page.close();
  });

  it('brotli', async () => {
    const m = await measure('brotli', { query: '?enc=br' });
    expect(has(m, (r) => r.response['content-encoding'] === 'br')).toBe(5);
    expectObservable(m);
    await m.page.close();
  });

  it('chunked, with and without Content-Length', async () => {
    const m = await measure('chunked', { query: '?te=chunked' });
    // Five chunked responses, or more: Chromium sometimes requests the streamed stylesheet twice.
    expect(has(m, (r) => r.response['transfer-encoding'] === 'chunked')).toBeGreaterThanOrEqual(5);
    expectObservable(m);
    await m.page.close();
  });

  it('cross-origin chunked without Timing-Allow-Origin: estimated and said so', async () => {
    const m = await measure('chunked-xorigin');
    const hiddenRecords = m.records.filter((r) => r.response['transfer-encoding'] === 'chunked' && !r.host.startsWith('127.0.0.1:'));
    expect(hiddenRecords).toHaveLength(3);
    expectEstimated(m, hiddenRecords.reduce((s, r) => s + r.bytes - r.headerBytes, 0));
    await m.page.close();
  });

  it('a redirect chain (three hops for the page, three and two for images)', async () => {
    const m = await measure('redirect', { query: '?redir=3' });
    expect(has(m, (r) => r.status === 302)).toBe(8);
    expectObservable(m);
    await m.page.close();
  });

  it('reload with max-age: cache hits count 0', async () => {
    const first = await measure('cache-maxage');
    expectObservable(first);
    const again = await measure('cache-maxage', { reuse: first.page });
    // Only the page itself goes to the network; its assets come from the cache.
    expect(again.records.map((r) => r.path)).toEqual(['/s/cache-maxage/']);
    expectObservable(again);
    await first.page.close();
  });

  it('max-age assets in a new tab: disk or memory cache hits count 0', async () => {
    // Warm the cache in another tab first (this test may run alone).
    const warm = await browser.context.newPage();
    await warm.goto(server.url('cache-maxage'));
    await browser.settle(warm, server);
    await warm.close();
    const m = await measure('cache-maxage');
    expect(m.records.map((r) => r.path)).toEqual(['/s/cache-maxage/']);
    expectObservable(m);
    await m.page.close();
  });

  it('reload with ETag: 304s count their headers', async () => {
    const first = await measure('etag', { query: '?etag=1' });
    expectObservable(first);
    const again = await measure('etag', { reuse: first.page });
    expect(has(again, (r) => r.status === 304)).toBe(again.records.length);
    expect(again.records.length).toBeGreaterThanOrEqual(4);
    expectObservable(again);
    await first.page.close();
  });

  it('fetch and XHR after load', async () => {
    const m = await measure('fetch-xhr', { act: pageDone });
    expect(m.expectedCount).toBe(5);
    expectObservable(m);
    await m.page.close();
  });

  it('a beacon', async () => {
    const m = await measure('beacon', { act: pageDone });
    expect(has(m, (r) => r.method === 'POST' && r.status === 204)).toBe(1);
    expectObservable(m);
    await m.page.close();
  });

  it('a Range-requested media file', async () => {
    const m = await measure('media-range', { act: pageDone });
    expect(has(m, (r) => r.status === 206)).toBeGreaterThanOrEqual(1);
    expectObservable(m);
    await m.page.close();
  });

  it('a web font', async () => {
    const m = await measure('webfont', {
      act: async (page) => {
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
      },
    });
    expect(has(m, (r) => r.path.includes('.woff2'))).toBe(1);
    expectObservable(m);
    await m.page.close();
  });

  it('a cross-origin iframe with its own resources', async () => {
    const m = await measure('iframe-xorigin');
    expect(has(m, (r) => r.host.startsWith('127.0.0.2:'))).toBe(4);
    expectObservable(m);
    await m.page.close();
  });

  it('lazy images loaded on scroll', async () => {
    let beforeScroll = -1;
    const m = await measure('lazy-images', {
      act: async (page) => {
        await page.waitForLoadState('load');
        await server.idle(500);
        beforeScroll = server.records({ page: 'lazy-images' }).filter((r) => r.path.includes('/a/lazy')).length;
        await page.locator('#bottom').scrollIntoViewIfNeeded();
        await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      },
    });
    expect(beforeScroll, 'lazy images loaded before the scroll: the scenario tests nothing').toBe(0);
    expect(has(m, (r) => r.path.includes('/a/lazy'))).toBe(4);
    expectObservable(m);
    await m.page.close();
  });

  it('an SPA route change (pushState then fetch) stays the same page', async () => {
    const m = await measure('spa', {
      act: async (page) => {
        await page.waitForLoadState('load');
        await page.click('#go');
        await pageDone(page);
      },
    });
    expect(m.page.url()).toContain('/route/two');
    expect(m.expectedCount).toBe(4);
    expectObservable(m);
    await m.page.close();
  });

  it('data: and blob: URLs add nothing', async () => {
    const m = await measure('data-blob', { act: pageDone });
    expect(m.expectedCount).toBe(2);
    expectObservable(m);
    await m.page.close();
  });

  it('404 and 500 responses', async () => {
    const m = await measure('errors', { act: pageDone });
    expect(has(m, (r) => r.status >= 400)).toBe(4);
    expectObservable(m);
    await m.page.close();
  });

  it('malformed but valid framing: Content-Length sent twice, or as a list of equal values', async () => {
    const m = await measure('malformed-headers', {
      act: async (page) => {
        await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
      },
    });
    expect(has(m, (r) => r.path.includes('cl=twice'))).toBe(1);
    expect(has(m, (r) => r.response['content-length'] === '9000, 9000')).toBe(1);
    expectObservable(m);
    expect(m.figures.estimatedBytes, explain(m)).toBe(0);
    await m.page.close();
  });

  it('a 10 MB fetch', async () => {
    const m = await measure('download-fetch', { act: pageDone });
    expect(has(m, (r) => r.bytes > 10_485_760)).toBe(1);
    expectObservable(m);
    await m.page.close();
  });

  it('a 10 MB download link', async () => {
    const m = await measure('download-link', {
      act: async (page) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl')]);
        // Resolves once the whole file is on disk.
        await download.path();
      },
    });
    expect(has(m, (r) => r.bytes > 10_485_760)).toBe(1);
    expectObservable(m);
    await m.page.close();
  });

  it('150 small requests', async () => {
    const m = await measure('many-requests', {
      act: async (page) => {
        await page.waitForFunction(() => [...document.images].length === 150 && [...document.images].every((i) => i.complete));
      },
    });
    expect(m.expectedCount).toBe(151);
    expectObservable(m);
    await m.page.close();
  });

  it('a page controlled by a service worker', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('service-worker'));
    await page.waitForFunction(() => (window as Window2).__controlled === true, undefined, { timeout: 15_000 });
    await server.idle(500);
    const m = await measure('service-worker', {
      reuse: page,
      act: async (p) => {
        await pageDone(p);
        expect(await p.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      },
    });
    // The reload was answered by the worker: webRequest showed nothing under the tab, yet a new page started.
    expect(m.expectedCount).toBe(4);
    expectObservable(m);
    // A registered worker would keep checking for updates (charged to whichever tab shows its origin).
    await page.close();
    await browser.clearServiceWorkers(server.origin('a'));
  });

  it('a WebSocket: frames estimated or counted, and said so', async () => {
    const m = await measure('websocket', { act: pageDone });
    const frames = m.records.find((r) => r.kind === 'ws-frames');
    expect(m.records.find((r) => r.status === 101)).toBeDefined();
    expect(frames?.bytes).toBe(5 * (4 + 4000) + 4);
    expectEstimated(m, frames?.bytes ?? 0);
    await m.page.close();
  });

  it("the extension's service worker stopped twice in the middle of a page's life", async () => {
    const before = server.mark();
    const ticks = () => server.records({ page: 'sw-stop', since: before }).filter((r) => r.path.includes('/a/tick')).length;
    const m = await measure('sw-stop', {
      act: async (page) => {
        // Chromium stops an extension's worker after 30 s without events, never in the middle of one. Each stop
        // here falls between two of the page's requests, 100 ms after one ended: the worker saves its state
        // within 20 ms of an event. (A stop forced within those 20 ms would lose that event; Chromium does not
        // do that, and a response whose start was lost is still counted from its completion.)
        for (const after of [4, 11]) {
          const deadline = Date.now() + 15_000;
          while (ticks() < after) {
            if (Date.now() > deadline) throw new Error(`only ${ticks()} ticks arrived`);
            await page.waitForTimeout(20);
          }
          await page.waitForTimeout(100);
          await browser.stopExtensionWorker();
        }
        await pageDone(page);
      },
    });
    expect(m.expectedCount).toBe(21);
    // The fetches after each stop woke the worker again (reading the popup also talks to it).
    const statuses = browser.workerStatuses.join(' > ');
    expect(statuses.match(/stopped > (starting > )?running/g)?.length ?? 0, statuses).toBeGreaterThanOrEqual(2);
    expectObservable(m);
    await m.page.close();
  });

  it("the browser's own favicon request", async () => {
    const since = server.mark();
    const m = await measure('favicon-probe');
    const favicon = server.records({ page: FAVICON, since });
    const withFavicon = m.expectedBytes + favicon.reduce((s, r) => s + r.bytes, 0);
    report.push({ scenario: 'favicon (probe)', faviconRequests: favicon.length, faviconBytes: withFavicon - m.expectedBytes, popup: m.figures });
    // Either reading is defensible (the browser, not the page, asks for it); the figure must match one of them.
    const matches = [m.expectedBytes, withFavicon].some((x) => Math.abs(m.figures.transferBytes - x) <= TOLERANCE * x);
    expect(matches, `${explain(m)}\nfavicon requests: ${favicon.length} (${withFavicon - m.expectedBytes} B)`).toBe(true);
    await m.page.close();
  });
});

describe('the popup', () => {
  it('passes axe-core (WCAG 2.1 A/AA) with a measured page, and the badge says 1.2M in English', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('badge'));
    await browser.settle(page, server);
    const tabId = await browser.tabIdOf(page);
    const { page: popup, transferBytes } = await browser.readPopup(tabId, { keepOpen: true });
    expect(transferBytes).toBeGreaterThan(1_150_000);
    const violations = await browser.axeViolations(popup);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    const expected = `${(transferBytes / 1e6).toFixed(1)}M`;
    let badge = '';
    for (let i = 0; i < 40 && badge !== expected; i++) {
      badge = await popup.evaluate((id) => (globalThis as unknown as { chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } } }).chrome.action.getBadgeText({ tabId: id }), tabId);
      if (badge !== expected) await popup.waitForTimeout(100);
    }
    expect(badge).toBe(expected);
    await popup.close();
    await page.close();
  });
});
