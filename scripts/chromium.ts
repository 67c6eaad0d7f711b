/*
 * Launching Debian's Chromium with the built extension, shared by `npm start`, `npm run measure` and the benchmarks.
 * Flags: see /work/shared/MEASUREMENT-FACTS.md. Playwright's own headless mode picks a shell that runs no
 * extension, hence `headless: false` plus `--headless=new` when there is no display.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const EXTENSION_DIR = resolve(process.env.EXTENSION_DIR ?? '.output/chrome-mv3');

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}.\n` +
        'Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  return path;
}

export interface LaunchOptions {
  headless: boolean;
  /** With no extension at all (to measure what the extension costs). */
  withoutExtension?: boolean;
  /** Other unpacked extensions to load next to Empreinte (diagnostics). */
  extraExtensions?: string[];
  /** A temporary profile when absent. */
  userDataDir?: string;
  /** Browser language: French first, English second. */
  lang?: 'fr' | 'en';
  /** Chromium's sandbox needs user namespaces a container may lack; it is always off as root. */
  noSandbox?: boolean;
  acceptDownloads?: boolean;
}

/**
 * The one way this project launches Chromium with the built extension (npm start, npm run measure, the benchmarks
 * and the browser tests in tests/e2e/harness.ts).
 */
export async function launch(options: LaunchOptions): Promise<BrowserContext> {
  if (!options.withoutExtension && !existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const lang = options.lang ?? 'fr';
  const args = ['--no-first-run', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (options.headless) args.push('--headless=new', '--disable-gpu');
  if (options.noSandbox || process.getuid?.() === 0) args.push('--no-sandbox');
  if (!options.withoutExtension) {
    // Playwright adds --disable-extensions; naming the extensions here is what lets them load.
    const dirs = [EXTENSION_DIR, ...(options.extraExtensions ?? [])].join(',');
    args.push(`--disable-extensions-except=${dirs}`, `--load-extension=${dirs}`);
  }
  return chromium.launchPersistentContext(options.userDataDir ?? mkdtempSync(join(tmpdir(), 'empreinte-')), {
    executablePath: chromiumPath(),
    // `--headless=new` above: Playwright's own headless switch picks the old headless shell, which runs no extension.
    headless: false,
    viewport: null,
    // Playwright's locale sets the language of pages (navigator.language, chrome.i18n.getUILanguage() in
    // extension pages) but not chrome.i18n.getUILanguage() in the extension's worker, which draws the badge: that
    // one is the browser's own UI language, chosen from LANGUAGE among the locales installed (Debian's
    // chromium-l10n; without it Chromium has only en-US).
    locale: lang === 'fr' ? 'fr-FR' : 'en-US',
    env: { ...process.env, LANGUAGE: lang },
    acceptDownloads: options.acceptDownloads ?? false,
    args,
  });
}

/** The extension's id, from its service worker's URL (the worker whose script is background.js). */
export async function extensionId(context: BrowserContext, timeoutMs = 20_000): Promise<string> {
  const ours = (url: string) => url.startsWith('chrome-extension://') && url.endsWith('/background.js');
  const worker =
    context.serviceWorkers().find((w) => ours(w.url())) ??
    (await context.waitForEvent('serviceworker', { predicate: (w) => ours(w.url()), timeout: timeoutMs }));
  return new URL(worker.url()).host;
}

/**
 * Resolves once the extension's worker has answered its popup: its listeners, registered in the same synchronous
 * start-up, are then in place. Chromium loads a --load-extension extension asynchronously, so a page opened at
 * once after launch can be loaded before the extension listens at all.
 */
export async function waitUntilReady(context: BrowserContext, id: string, timeoutMs = 20_000): Promise<void> {
  const popup = await context.newPage();
  try {
    // A tab id no tab has: the worker answers "nothing measured", which the popup shows as data-testid="no-page".
    await popup.goto(`chrome-extension://${id}/popup.html?tabId=2147483646`);
    await popup.locator('[data-testid="no-page"]').waitFor({ timeout: timeoutMs });
  } finally {
    await popup.close();
  }
}

export interface Figures {
  url: string;
  transferBytes: number;
  requestCount: number;
  co2Grams: number;
  grade: string;
  estimatedBytes: number;
}

/** Reads what the popup shows for a tab (its data-value contract), once the figures stop moving. */
export async function readPopup(context: BrowserContext, id: string, tabId: number, stableMs = 1_500, timeoutMs = 30_000): Promise<Omit<Figures, 'url'>> {
  const popup = await context.newPage();
  try {
    await popup.goto(`chrome-extension://${id}/popup.html?tabId=${tabId}`);
    await popup.locator('[data-testid="transfer-bytes"][data-value]').waitFor({ timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let since = Date.now();
    for (;;) {
      const values = await popup.evaluate(() =>
        ['transfer-bytes', 'request-count', 'co2-grams', 'grade', 'estimated-bytes'].map(
          (testId) => document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('data-value') ?? '',
        ),
      );
      const key = values.join('|');
      if (key !== last) [last, since] = [key, Date.now()];
      else if (Date.now() - since >= stableMs || Date.now() > deadline) {
        const [bytes, requests, grams, grade, estimated] = values;
        return { transferBytes: Number(bytes), requestCount: Number(requests), co2Grams: Number(grams), grade: grade ?? '', estimatedBytes: Number(estimated) };
      }
      await popup.waitForTimeout(200);
    }
  } finally {
    await popup.close();
  }
}

/** The browser's id for the tab showing `page` (matched on a unique title set for the lookup). */
export async function tabIdOf(context: BrowserContext, id: string, page: Page): Promise<number> {
  const marker = `empreinte-${Math.random().toString(36).slice(2)}`;
  const title = await page.title();
  await page.evaluate((t) => (document.title = t), marker);
  const probe = await context.newPage();
  try {
    await probe.goto(`chrome-extension://${id}/popup.html?tabId=-1`);
    for (let i = 0; i < 50; i++) {
      const ids = await probe.evaluate(
        (t) => (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }).chrome.tabs.query({ title: t }).then((tabs) => tabs.map((tab) => tab.id ?? -1)),
        marker,
      );
      if (ids.length === 1 && ids[0] !== undefined && ids[0] >= 0) return ids[0];
      await probe.waitForTimeout(100);
    }
    throw new Error(`could not find the tab of ${page.url()}`);
  } finally {
    await probe.close();
    await page.evaluate((t) => (document.title = t), title).catch(() => {});
  }
}
