// Page objects for the browser tests: Debian's Chromium with the built extension loaded, launched the way
// /work/shared/MEASUREMENT-FACTS.md found to work (persistent context, new headless mode, extension flags).
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { EXTENSION_DIR, extensionId as extensionIdOf, launch, waitUntilReady } from '../../scripts/chromium';
import type { FixtureServer } from './fixtures/server';

// EXTENSION_DIR (scripts/chromium.ts) lets a run test a build made elsewhere (e.g. a clean checkout of one commit).
export { EXTENSION_DIR };

/** What the popup's test contract exposes (data-value of each data-testid). */
export interface PopupFigures {
  transferBytes: number;
  requestCount: number;
  co2Grams: number;
  grade: string;
  estimatedBytes: number;
}

export interface LaunchOptions {
  /** Browser UI language: French first, English second. */
  lang?: 'fr' | 'en';
  /** Reuse a profile (restartBrowser does); a fresh temporary one otherwise. */
  userDataDir?: string;
  /** Extra unpacked extensions to load next to Empreinte (diagnostics only). */
  extraExtensions?: string[];
}

/** The slice of chrome.tabs the harness evaluates inside an extension page (types only: erased when serialised). */
interface TabsApi {
  chrome: { tabs: { query(q: { title?: string }): Promise<{ id?: number; url?: string }[]> } };
}

interface WorkerState {
  scriptURL: string;
  runningStatus: string;
}

export class ExtensionBrowser {
  private id: string | undefined;
  private cdp: CDPSession | undefined;
  /** Running status of the extension's service worker as last reported over CDP, and every change seen. */
  readonly workerStatuses: string[] = [];

  private constructor(
    public context: BrowserContext,
    readonly userDataDir: string,
    private readonly options: LaunchOptions,
    private readonly ownsProfile: boolean,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
    if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
      throw new Error(`no built extension in ${EXTENSION_DIR}: run \`npx wxt build\` first`);
    }
    const ownsProfile = options.userDataDir === undefined;
    const dir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'empreinte-e2e-'));
    const context = await ExtensionBrowser.open(dir, options);
    return new ExtensionBrowser(context, dir, options, ownsProfile);
  }

  private static async open(userDataDir: string, options: LaunchOptions): Promise<BrowserContext> {
    // The same launcher as npm start and npm run measure (flags: /work/shared/MEASUREMENT-FACTS.md).
    return launch({
      headless: true,
      userDataDir,
      lang: options.lang ?? 'en',
      extraExtensions: options.extraExtensions,
      noSandbox: true,
      acceptDownloads: true,
    });
  }

  /** The extension's id, from its service worker's URL. */
  async extensionId(): Promise<string> {
    this.id ??= await extensionIdOf(this.context);
    return this.id;
  }

  /**
   * Waits until the extension's worker is running and has answered its popup once. The scenario tests start
   * from here, so that each measures what it is named after; the first page after launch has its own test.
   */
  async ready(timeoutMs = 20_000): Promise<void> {
    await this.extensionId();
    const deadline = Date.now() + timeoutMs;
    while ((await this.workerStatus()) !== 'running') {
      if (Date.now() > deadline) throw new Error(`extension worker not running: ${this.workerStatuses.join(' > ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitUntilReady(this.context, await this.extensionId(), timeoutMs);
  }

  async extensionUrl(path: string): Promise<string> {
    return `chrome-extension://${await this.extensionId()}/${path}`;
  }

  /** A page in the extension's origin, where chrome.* APIs can be evaluated. Close it when done. */
  async openExtensionPage(path = 'popup.html'): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(await this.extensionUrl(path));
    return page;
  }

  /**
   * The tab id of `page`. Tabs are matched by URL; when several tabs share it, a unique title is set for
   * the lookup (a title change is not a navigation, so it cannot disturb the measurement).
   */
  async tabIdOf(page: Page): Promise<number> {
    const ext = await this.openExtensionPage();
    try {
      const url = page.url();
      const byUrl = await ext.evaluate((u) => (globalThis as unknown as TabsApi).chrome.tabs.query({}).then((tabs) => tabs.filter((t) => t.url === u).map((t) => t.id ?? -1)), url);
      if (byUrl.length === 1 && byUrl[0] !== undefined) return byUrl[0];
      const token = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const before = await page.evaluate((t) => {
        const old = document.title;
        document.title = t;
        return old;
      }, token);
      try {
        for (let i = 0; i < 50; i++) {
          const ids = await ext.evaluate((t) => (globalThis as unknown as TabsApi).chrome.tabs.query({ title: t }).then((tabs) => tabs.map((x) => x.id ?? -1)), token);
          if (ids.length === 1 && ids[0] !== undefined) return ids[0];
          await page.waitForTimeout(100);
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
   * for `stableMs` (the popup updates live; a figure still moving is not the page's figure yet).
   */
  async readPopup(tabId: number, opts: { stableMs?: number; timeoutMs?: number; keepOpen?: boolean } = {}): Promise<PopupFigures & { page: Page }> {
    const stableMs = opts.stableMs ?? 1000;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    const popup = await this.openExtensionPage(`popup.html?tabId=${tabId}`);
    try {
      try {
        await popup.locator('[data-testid="transfer-bytes"][data-value]').waitFor({ timeout: timeoutMs });
      } catch (err) {
        // Say what the popup showed instead: an empty state and a crash need different fixes.
        const shown = await popup.evaluate(() => document.body.innerText.slice(0, 500)).catch(() => '(unreadable)');
        throw new Error(`popup for tab ${tabId} never showed transfer-bytes; it showed: ${JSON.stringify(shown)}`, { cause: err });
      }
      const deadline = Date.now() + timeoutMs;
      let last = '';
      let since = Date.now();
      for (;;) {
        const values = await popup.evaluate(() => {
          const read = (id: string): string | null => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') ?? null;
          return JSON.stringify([read('transfer-bytes'), read('request-count'), read('co2-grams'), read('grade'), read('estimated-bytes')]);
        });
        if (values !== last) {
          last = values;
          since = Date.now();
        } else if (Date.now() - since >= stableMs) {
          const [t, r, c, g, e] = JSON.parse(values) as (string | null)[];
          const num = (name: string, v: string | null | undefined): number => {
            const n = Number(v);
            if (v === null || v === undefined || v === '' || !Number.isFinite(n)) throw new Error(`popup ${name} data-value is not a number: ${String(v)}`);
            return n;
          };
          const figures = {
            transferBytes: num('transfer-bytes', t),
            requestCount: num('request-count', r),
            co2Grams: num('co2-grams', c),
            grade: g ?? '',
            estimatedBytes: num('estimated-bytes', e),
          };
          return { ...figures, page: popup };
        }
        if (Date.now() > deadline) throw new Error(`popup figures never stable for ${stableMs} ms: ${values}`);
        await popup.waitForTimeout(150);
      }
    } finally {
      if (!opts.keepOpen) await popup.close();
    }
  }

  /**
   * Waits until the page has loaded and the fixture server has been quiet (nothing in flight) for `quietMs`.
   * The popup read afterwards waits for the extension's own figure to stop moving.
   */
  async settle(page: Page, server: FixtureServer, quietMs = 800): Promise<void> {
    await page.waitForLoadState('load');
    await server.idle(quietMs);
  }

  // ---- the extension's service worker ---------------------------------------------------------------

  /** A CDP session that reports the running status of the extension's worker (ServiceWorker domain). */
  private async workerWatch(): Promise<CDPSession> {
    if (this.cdp) return this.cdp;
    const id = await this.extensionId();
    const anchor = this.context.pages()[0] ?? (await this.context.newPage());
    const cdp = await this.context.newCDPSession(anchor);
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: WorkerState[] }) => {
      for (const v of e.versions) {
        if (v.scriptURL.startsWith(`chrome-extension://${id}/`) && this.workerStatuses.at(-1) !== v.runningStatus) {
          this.workerStatuses.push(v.runningStatus);
        }
      }
    });
    await cdp.send('ServiceWorker.enable');
    this.cdp = cdp;
    return cdp;
  }

  /**
   * Stops the extension's service worker as Chromium does after 30 s idle. Playwright keeps a debugger
   * attached to workers, which stops Chromium's idle timer from ever firing, so the stop is forced over
   * CDP (ServiceWorker.stopAllWorkers: the fixture pages register no worker of their own except in the
   * service-worker scenario). Resolves once CDP reports the worker stopped.
   */
  async stopExtensionWorker(timeoutMs = 10_000): Promise<void> {
    const cdp = await this.workerWatch();
    const mark = this.workerStatuses.length;
    await cdp.send('ServiceWorker.stopAllWorkers');
    const deadline = Date.now() + timeoutMs;
    while (!this.workerStatuses.slice(mark).includes('stopped')) {
      if (Date.now() > deadline) throw new Error(`extension worker not stopped: ${this.workerStatuses.join(' > ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Removes every service worker registered by an origin, through CDP (`registration.unregister()` from the
   * page itself was seen to hang for minutes in this harness, and ServiceWorker.unregister left the worker
   * controlling the next page).
   */
  async clearServiceWorkers(origin: string): Promise<void> {
    const cdp = await this.workerWatch();
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'service_workers' });
  }

  /** Current running status of the extension's worker, as CDP last reported it. */
  async workerStatus(): Promise<string | undefined> {
    await this.workerWatch();
    return this.workerStatuses.at(-1);
  }

  /** Closes the browser and opens it again on the same profile (state kept in storage must survive this). */
  async restartBrowser(): Promise<void> {
    await this.context.close();
    this.cdp = undefined;
    this.id = undefined;
    this.context = await ExtensionBrowser.open(this.userDataDir, this.options);
  }

  /** axe-core on an open page (WCAG 2.x A and AA rules); returns the violations. */
  async axeViolations(page: Page): Promise<{ id: string; impact?: string | null; nodes: number; help: string }[]> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  }

  async close(): Promise<void> {
    await this.context.close();
    if (this.ownsProfile) rmSync(this.userDataDir, { recursive: true, force: true });
  }
}
