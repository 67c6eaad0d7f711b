// Page objects for the Firefox browser tests: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi,
// with the built Firefox extension installed as a temporary add-on (what about:debugging does).
//
// Two things Firefox needs that Chromium does not (see /work/shared/MEASUREMENT-FACTS.md):
// - WebDriver BiDi refuses to navigate to moz-extension:// URLs unless Firefox is started with
//   `--remote-allow-system-access`; with it, `browsingContext.navigate` opens the popup like any page. Puppeteer
//   does not follow that navigation (the page moves to the extension process and its cached URL stays
//   about:blank), so extension pages are opened with the raw BiDi command and read with `evaluate`.
// - The extension's UUID is random per profile; the pref `extensions.webextensions.uuids` fixes it.
// System access also lets the tests read and stop the event page (`chromeEval`), as about:debugging's
// "Terminate background script" button does.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import type { FixtureServer } from '../e2e/fixtures/server';
import type { PopupFigures } from '../e2e/harness';

export type { PopupFigures };

export const FIREFOX_EXTENSION_DIR = resolve(process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Fixed so a test can name extension URLs before the add-on is installed. */
export const EXTENSION_UUID = '6d0b3a52-7e41-4c59-9a0e-2f1c8b5d4e77';

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

/** The slice of `browser.tabs` evaluated inside an extension page (types only: erased when serialised). */
interface TabsApi {
  browser: { tabs: { query(q: { title?: string }): Promise<{ id?: number; url?: string }[]> } };
}

/** The add-on id from the built manifest (browser_specific_settings.gecko.id). */
export function addonId(dir = FIREFOX_EXTENSION_DIR): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

export class FirefoxExtensionBrowser {
  private chromeContext: string | undefined;
  /** Every background state read by `backgroundState()`, in order (running, suspending, stopped...). */
  readonly backgroundStates: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly id: string,
    readonly downloadDir: string,
    private readonly profileDirs: string[],
  ) {}

  /** `prefs`: extra Firefox preferences, e.g. a short `extensions.background.idle.timeout` (ms, 30 000 by default). */
  static async launch(options: { lang?: 'fr' | 'en'; prefs?: Record<string, string | number | boolean> } = {}): Promise<FirefoxExtensionBrowser> {
    if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
      throw new Error(`no built extension in ${FIREFOX_EXTENSION_DIR}: run \`npx wxt build -b firefox\` first`);
    }
    if (!existsSync(FIREFOX_PATH)) {
      throw new Error(`Firefox not found at ${FIREFOX_PATH}: install Debian's \`firefox-esr\` or set FIREFOX_PATH`);
    }
    const id = addonId();
    const downloadDir = mkdtempSync(join(tmpdir(), 'empreinte-ff-dl-'));
    const lang = options.lang ?? 'en';
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      protocol: 'webDriverBiDi',
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
        'intl.locale.requested': lang === 'fr' ? 'fr,en-US' : 'en-US',
        'intl.accept_languages': lang === 'fr' ? 'fr-FR, fr, en' : 'en-US, en',
        // Downloads go straight to a temporary folder, without a dialog.
        'browser.download.folderList': 2,
        'browser.download.dir': downloadDir,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.helperApps.neverAsk.saveToDisk': 'application/octet-stream',
        'browser.download.alwaysOpenPanel': false,
        // No traffic of Firefox's own to the fixture sites or elsewhere.
        'network.prefetch-next': false,
        'network.dns.disablePrefetch': true,
        'network.predictor.enabled': false,
        'network.http.speculative-parallel-limit': 0,
        'browser.places.speculativeConnect.enabled': false,
        'browser.urlbar.speculativeConnect.enabled': false,
        ...options.prefs,
      },
    });
    const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (installed !== id) throw new Error(`installed add-on id ${installed}, expected ${id}`);
    return new FirefoxExtensionBrowser(browser, id, downloadDir, [downloadDir]);
  }

  private get connection(): BidiConnection {
    // puppeteer-core 24's BiDi Browser exposes its connection; the public API has no moz:scope nor system access.
    return (this.browser as unknown as { connection: BidiConnection }).connection;
  }

  extensionUrl(path: string): string {
    return `moz-extension://${EXTENSION_UUID}/${path}`;
  }

  async newPage(): Promise<Page> {
    return this.browser.newPage();
  }

  /** BiDi id of a page's top-level browsing context. */
  private contextOf(page: Page): string {
    return (page.mainFrame() as unknown as { _id: string })._id;
  }

  /** Navigates `page` and waits for its load event (works for moz-extension:// URLs, unlike page.goto). */
  async navigate(page: Page, url: string): Promise<void> {
    await this.connection.send('browsingContext.navigate', { context: this.contextOf(page), url, wait: 'complete' });
  }

  /** A tab in the extension's origin, where `browser.*` can be evaluated. Close it when done. */
  async openExtensionPage(path = 'popup.html'): Promise<Page> {
    const page = await this.browser.newPage();
    await this.navigate(page, this.extensionUrl(path));
    return page;
  }

  /** Evaluates an expression with chrome privileges in the browser window (needs --remote-allow-system-access). */
  async chromeEval(expression: string): Promise<unknown> {
    if (!this.chromeContext) {
      const tree = await this.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const contexts = tree.result.contexts as { context: string }[];
      this.chromeContext = contexts[0]?.context;
      if (!this.chromeContext) throw new Error('no chrome browsing context');
    }
    const { result } = await this.connection.send('script.evaluate', { target: { context: this.chromeContext }, expression, awaitPromise: true });
    const r = result as unknown as EvaluateResult;
    if (r.type !== 'success') throw new Error(`chrome evaluation failed: ${r.exceptionDetails?.text ?? JSON.stringify(r)}`);
    return r.result?.value;
  }

  /** The event page's state as Firefox tracks it: 'running', 'suspending', 'stopped' or 'starting'. */
  async backgroundState(): Promise<string> {
    const state = String(await this.chromeEval(`WebExtensionPolicy.getByID(${JSON.stringify(this.id)})?.extension?.backgroundState`));
    if (this.backgroundStates.at(-1) !== state) this.backgroundStates.push(state);
    return state;
  }

  /**
   * How many times the event page has started since the first call (a listener on the extension's
   * "background-script-started" event, in the parent process). A restart proves a suspension really happened,
   * even when it was too short for `backgroundState()` polls to catch.
   */
  async backgroundStarts(): Promise<number> {
    return Number(
      await this.chromeEval(
        `(() => { const ext = WebExtensionPolicy.getByID(${JSON.stringify(this.id)}).extension;` +
          ` if (!ext.__e2eStarts) { ext.__e2eStarts = { n: 0 }; ext.on('background-script-started', () => { ext.__e2eStarts.n++; }); }` +
          ` return ext.__e2eStarts.n; })()`,
      ),
    );
  }

  /**
   * Suspends the extension's event page the way Firefox does when it is idle, through the code path of
   * about:debugging's "Terminate background script" (DebugUtils.terminateBackgroundScript). Firefox cancels a
   * suspension when an event arrives meanwhile (a busy page's request): then it tries again. Resolves once the
   * page was stopped (it may already be starting again).
   */
  async suspendBackground(attempts = 20): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      await this.chromeEval(
        `(async () => { const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');` +
          ` await ExtensionParent.DebugUtils.terminateBackgroundScript(${JSON.stringify(this.id)}); })()`,
      );
      // 'starting' is a stop too: an event arrived right after it and Firefox is waking the page again.
      const state = await this.backgroundState();
      if (state === 'stopped' || state === 'starting') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`event page never stopped: ${this.backgroundStates.join(' > ')}`);
  }

  /** Polls the event page's state until it is `state` (e.g. 'running' again after a suspension). */
  async waitForBackground(state: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.backgroundState()) !== state) {
      if (Date.now() > deadline) throw new Error(`event page never ${state}: ${this.backgroundStates.join(' > ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * The tab id of `page`, matched by URL; when several tabs share it, a unique title is set for the lookup (a
   * title change is not a navigation, so it cannot disturb the measurement).
   */
  async tabIdOf(page: Page): Promise<number> {
    const ext = await this.openExtensionPage('popup.html');
    try {
      const url = page.url();
      const byUrl = await ext.evaluate((u) => (globalThis as unknown as TabsApi).browser.tabs.query({}).then((tabs) => tabs.filter((t) => t.url === u).map((t) => t.id ?? -1)), url);
      if (byUrl.length === 1 && byUrl[0] !== undefined) return byUrl[0];
      const token = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const before = await page.evaluate((t) => {
        const old = document.title;
        document.title = t;
        return old;
      }, token);
      try {
        for (let i = 0; i < 50; i++) {
          const ids = await ext.evaluate((t) => (globalThis as unknown as TabsApi).browser.tabs.query({ title: t }).then((tabs) => tabs.map((x) => x.id ?? -1)), token);
          if (ids.length === 1 && ids[0] !== undefined) return ids[0];
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`no unique tab for ${url}`);
      } finally {
        await page.evaluate((t) => {
          document.title = t;
        }, before);
      }
    } finally {
      await ext.close();
    }
  }

  /**
   * Opens popup.html?tabId=N in a tab of its own and returns the five figures once they have stayed the same
   * for `stableMs` (the popup refreshes every second). Same contract as the Chromium harness.
   */
  async readPopup(tabId: number, opts: { stableMs?: number; timeoutMs?: number; keepOpen?: boolean } = {}): Promise<PopupFigures & { page: Page }> {
    const stableMs = opts.stableMs ?? 1500;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    const popup = await this.openExtensionPage(`popup.html?tabId=${tabId}`);
    try {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      let since = Date.now();
      for (;;) {
        const values = await popup.evaluate(() => {
          const read = (id: string): string | null => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') ?? null;
          return JSON.stringify([read('transfer-bytes'), read('request-count'), read('co2-grams'), read('grade'), read('estimated-bytes')]);
        });
        const [t, r, c, g, e] = JSON.parse(values) as (string | null)[];
        if (t === null) {
          since = Date.now();
        } else if (values !== last) {
          last = values;
          since = Date.now();
        } else if (Date.now() - since >= stableMs) {
          const num = (name: string, v: string | null | undefined): number => {
            const n = Number(v);
            if (v === null || v === undefined || v === '' || !Number.isFinite(n)) throw new Error(`popup ${name} data-value is not a number: ${String(v)}`);
            return n;
          };
          return {
            transferBytes: num('transfer-bytes', t),
            requestCount: num('request-count', r),
            co2Grams: num('co2-grams', c),
            grade: g ?? '',
            estimatedBytes: num('estimated-bytes', e),
            page: popup,
          };
        }
        if (Date.now() > deadline) {
          const shown = await popup.evaluate(() => document.body.innerText.slice(0, 500)).catch(() => '(unreadable)');
          throw new Error(`popup for tab ${tabId} never showed stable figures (${values}); it showed: ${JSON.stringify(shown)}`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    } finally {
      if (!opts.keepOpen) await popup.close();
    }
  }

  /** Waits for the page's load event, then until the fixture server has been quiet for `quietMs`. */
  async settle(page: Page, server: FixtureServer, quietMs = 800): Promise<void> {
    await page.waitForFunction(() => document.readyState === 'complete', { timeout: 30_000 });
    await server.idle(quietMs);
  }

  /** axe-core on an open page (WCAG 2.x A and AA rules, as in the Chromium tests); returns the violations. */
  async axeViolations(page: Page): Promise<{ id: string; impact?: string | null; nodes: number; help: string }[]> {
    const source = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
    await page.evaluate(source);
    return page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact?: string | null; nodes: unknown[]; help: string }[] }> } }).axe;
      const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
      return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
    for (const dir of this.profileDirs) rmSync(dir, { recursive: true, force: true });
  }
}
