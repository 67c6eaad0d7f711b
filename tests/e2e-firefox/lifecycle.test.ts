// Firefox suspends the extension's event page when it has been idle (30 s by default; 2 s here through the pref
// `extensions.background.idle.timeout`), the way Chromium stops an MV3 service worker. Nothing measured may be
// lost: the figures survive the suspension (the ledger is kept in storage.session), and a request made while
// the page is suspended wakes it (webRequest listeners registered at start-up are "primed" by Firefox) and is
// counted. Forced suspensions in the middle of a page's life are in measure.test.ts ("sw-stop").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxPlatform } from '../../lib/measure/platform';
import { FixtureServer } from '../e2e/fixtures/server';
import { expectObservable, reading } from './checks';
import { FirefoxExtensionBrowser } from './harness';

const IDLE_MS = 2_000;
let server: FixtureServer;
let ff: FirefoxExtensionBrowser;

beforeAll(async () => {
  server = await FixtureServer.start();
  ff = await FirefoxExtensionBrowser.launch({ lang: 'en', prefs: { 'extensions.background.idle.timeout': IDLE_MS } });
});

afterAll(async () => {
  await ff?.close();
  await server?.close();
});

describe('Firefox: the event page suspended when idle', () => {
  it('keeps the figures, and counts a request that wakes it', async () => {
    expect(firefoxPlatform.background).toBe('event-page');
    const page = await ff.newPage();
    const since = server.mark();
    await page.goto(server.url('same-origin'));
    await ff.settle(page, server);
    const tabId = await ff.tabIdOf(page);

    // Nothing talks to the extension now: Firefox suspends it by itself.
    await ff.waitForBackground('stopped', 20_000);
    const startsBefore = await ff.backgroundStarts();

    // A request from the page while it is suspended: Firefox wakes it to deliver the webRequest events.
    await page.evaluate(async (url) => {
      await (await fetch(url)).text();
    }, server.url('same-origin', 'a/late.json?size=7000'));
    await server.idle(500);
    await ff.waitForBackground('running');
    expect(await ff.backgroundStarts()).toBe(startsBefore + 1);

    const { page: _popup, ...figures } = await ff.readPopup(tabId);
    const m = reading('same-origin, suspended, then a fetch', figures, server.records({ page: 'same-origin', since }));
    // Six resources (Firefox sometimes asks twice for the image it cannot decode; the record has it twice then).
    expect(new Set(m.records.map((r) => r.path)).size).toBe(6);
    expectObservable(m);

    // Suspended again, then read by the popup alone (a message wakes it): the same figures, restored from storage.
    await ff.waitForBackground('stopped', 20_000);
    const { page: _again, ...after } = await ff.readPopup(tabId);
    expect(after).toEqual(figures);
    await page.close();
  });
});
