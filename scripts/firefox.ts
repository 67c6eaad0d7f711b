/*
 * Firefox counterparts of `npm start` and `npm run measure`, on Debian's firefox-esr (or FIREFOX_PATH):
 *   npm run start:firefox [-- <url>]                        builds, then opens Firefox with Empreinte installed
 *                                                            (a window when a display exists, headless otherwise)
 *   npm run measure:firefox -- <url> [<url>...] [--json]   prints what the popup shows for each page, then a total
 * The add-on is installed as a temporary add-on (as about:debugging does): it is gone when Firefox closes.
 * Reading the popup needs WebDriver BiDi to open moz-extension:// pages, which Firefox only allows when started
 * with --remote-allow-system-access; the flag is passed only in measure mode (see tests/e2e-firefox/harness.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { estimate, gradeOf } from '../lib/carbon';
import { formatBytes, formatGrams, formatPercent, type Lang } from '../lib/format';

const EXTENSION_DIR = resolve(process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
const UUID = '0e1b7f3c-5a2d-4f68-9c41-7d3e2b8a6f15';

interface Figures {
  url: string;
  transferBytes: number;
  requestCount: number;
  co2Grams: number;
  grade: string;
  estimatedBytes: number;
}

function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(`Firefox was not found at ${path}.\nInstall it with \`sudo apt-get install firefox-esr\`, or point FIREFOX_PATH at a Firefox binary.`);
  }
  return path;
}

function addonId(): string {
  const manifestPath = join(EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build:firefox\` first.`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id`);
  return id;
}

async function launch(options: { headless: boolean; systemAccess: boolean }): Promise<Browser> {
  const id = addonId();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: options.headless,
    protocol: 'webDriverBiDi',
    args: options.systemAccess ? ['--remote-allow-system-access'] : [],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [id]: UUID }) },
  });
  await browser.installExtension(EXTENSION_DIR);
  return browser;
}

/** Opens a moz-extension:// page with the raw BiDi command (puppeteer's goto waits for events Firefox never sends there). */
async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage();
  const connection = (browser as unknown as { connection: { send(method: string, params: object): Promise<unknown> } }).connection;
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await connection.send('browsingContext.navigate', { context, url: `moz-extension://${UUID}/${path}`, wait: 'complete' });
  return page;
}

async function tabIdOf(browser: Browser, url: string): Promise<number> {
  const ext = await openExtensionPage(browser, 'popup.html');
  try {
    const ids = (await ext.evaluate(`browser.tabs.query({}).then((tabs) => tabs.filter((t) => t.url === ${JSON.stringify(url)}).map((t) => t.id))`)) as number[];
    if (ids.length !== 1 || ids[0] === undefined) throw new Error(`cannot tell which tab shows ${url}`);
    return ids[0];
  } finally {
    await ext.close();
  }
}

/** The popup's figures for a tab, once they have stayed the same for 1.5 s (the popup refreshes every second). */
async function readPopup(browser: Browser, tabId: number, url: string): Promise<Figures> {
  const popup = await openExtensionPage(browser, `popup.html?tabId=${tabId}`);
  try {
    const deadline = Date.now() + 30_000;
    let last = '';
    let since = Date.now();
    for (;;) {
      const values = (await popup.evaluate(
        `JSON.stringify(['transfer-bytes', 'request-count', 'co2-grams', 'grade', 'estimated-bytes'].map((id) => document.querySelector('[data-testid="' + id + '"]')?.getAttribute('data-value') ?? null))`,
      )) as string;
      const [t, r, c, g, e] = JSON.parse(values) as (string | null)[];
      if (t !== null && values === last && Date.now() - since >= 1500) {
        return { url, transferBytes: Number(t), requestCount: Number(r), co2Grams: Number(c), grade: g ?? '', estimatedBytes: Number(e) };
      }
      if (values !== last) {
        last = values;
        since = Date.now();
      }
      if (Date.now() > deadline) throw new Error(`the popup never showed stable figures for ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await popup.close();
  }
}

function print(r: Figures, lang: Lang): void {
  const share = r.transferBytes ? r.estimatedBytes / r.transferBytes : 0;
  console.log(`${r.url}\n  ${formatBytes(r.transferBytes, lang)}  ${r.requestCount} request${r.requestCount === 1 ? '' : 's'}  ${formatGrams(r.co2Grams, lang)} CO2e  grade ${r.grade}  estimated ${formatPercent(share, lang)}`);
}

async function measure(urls: string[], json: boolean, lang: Lang): Promise<number> {
  for (const url of urls) {
    if (!/^https?:\/\//.test(url)) {
      console.error(`Not an http(s) URL: ${url}`);
      return 2;
    }
  }
  const browser = await launch({ headless: true, systemAccess: true });
  const results: Figures[] = [];
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'networkidle2', timeout: 60_000 });
      results.push(await readPopup(browser, await tabIdOf(browser, page.url()), url));
      await page.close();
      if (!json) print(results.at(-1)!, lang);
    }
  } finally {
    await browser.close();
  }
  const bytes = results.reduce((sum, r) => sum + r.transferBytes, 0);
  const estimated = results.reduce((sum, r) => sum + r.estimatedBytes, 0);
  const total = { pages: results.length, transferBytes: bytes, requestCount: results.reduce((s, r) => s + r.requestCount, 0), co2Grams: results.reduce((s, r) => s + r.co2Grams, 0), estimatedBytes: estimated };
  if (json) {
    console.log(JSON.stringify({ browser: 'firefox', pages: results, total, model: estimate(0).model }, null, 2));
  } else {
    console.log(`\nTotal (${total.pages} page${total.pages > 1 ? 's' : ''}): ${formatBytes(bytes, lang)}, ${total.requestCount} requests, ${formatGrams(total.co2Grams, lang)} CO2e, average grade ${gradeOf(bytes / Math.max(1, results.length))}, estimated ${formatPercent(bytes ? estimated / bytes : 0, lang)}`);
  }
  return 0;
}

async function start(url: string | undefined): Promise<void> {
  const display = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const browser = await launch({ headless: !display, systemAccess: false });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  if (url) await page.goto(url).catch(() => {});
  console.log(`Firefox is running with Empreinte (moz-extension://${UUID}/).`);
  console.log(display ? 'Close the window or press Ctrl+C to stop.' : 'No display found: Firefox runs headless. Press Ctrl+C to stop, or use `npm run measure:firefox -- <url>`.');
  const stop = () => void browser.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  browser.on('disconnected', () => process.exit(0));
}

const argv = process.argv.slice(2);
const langIndex = argv.indexOf('--lang');
const lang: Lang = langIndex !== -1 && argv[langIndex + 1] === 'en' ? 'en' : 'fr';
const rest = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--lang');
const run = argv.includes('--measure')
  ? rest.length === 0
    ? Promise.resolve((console.error('Usage: npm run measure:firefox -- <url> [<url>...] [--json] [--lang fr|en]'), 2))
    : measure(rest, argv.includes('--json'), lang)
  : start(rest[0]).then(() => -1);
run.then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
