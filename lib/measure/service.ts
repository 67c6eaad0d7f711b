import { browser, type Browser } from 'wxt/browser';
import { estimate, type GridSettings } from '../carbon';
import { badgeText, GRADE_COLOURS, formatBytes, formatGrams, langOf, type Lang } from '../format';
import { translator } from '../i18n';
import type { PageView } from '../messaging/protocol';
import { Ledger, ORPHAN_GRACE_MS } from './ledger';
import { currentPlatform, type BeforeRequestDetails, type PlatformApi } from './platform';
import type { DocumentStart, PageState, RedirectInfo, RequestEnd, RequestStart, ResponseInfo, TabState, TimingEntry } from './types';

/** Per-tab ledger state lives in storage.session: it survives the service worker being stopped, not a restart. */
const TAB_KEY = 'ledger:tab:';
/** Events are folded into one write; a worker stopped within this window loses at most these events. */
const FLUSH_DELAY_MS = 20;
const BADGE_DELAY_MS = 250;
/**
 * Pages that ended are handed to history, tips and the report this long after: a page usually ends because the
 * next one is loading, and their storage writes would compete with that load (npm run bench measured it).
 */
const FINISHED_DELAY_MS = 1_000;
/**
 * After a start, events are held this long at least (besides the time the saved state takes to load) and then
 * applied in the order they happened. Chromium hands a woken worker the events that waited for it grouped by
 * kind, not in order: the subresources' onBeforeRequest came before the onResponseStarted of the navigation that
 * loaded them, which gave a page's subresources to the page before it (seen in the e2e suite).
 */
const START_HOLD_MS = 300;

type Event =
  | { kind: 'before'; d: RequestStart }
  | { kind: 'redirect'; d: RedirectInfo }
  | { kind: 'response'; d: ResponseInfo }
  | { kind: 'completed'; d: RequestEnd }
  | { kind: 'error'; d: RequestEnd }
  | { kind: 'timings'; tabId: number; entries: TimingEntry[] }
  | { kind: 'websocket'; tabId: number; payloads: number[] }
  | { kind: 'document'; tabId: number; doc: DocumentStart }
  | { kind: 'tabRemoved'; tabId: number }
  | { kind: 'tabReplaced'; added: number; removed: number };

/** When the event happened: the browser's own time for webRequest events, else when the worker received it. */
function timeOf(event: Event, received: number): number {
  return 'd' in event && Number.isFinite(event.d.timeStamp) ? event.d.timeStamp : received;
}

/**
 * Connects the ledger to the browser: webRequest listeners (registered synchronously when the worker starts, so
 * the event that woke it is not missed), persistence across worker restarts, and the toolbar badge.
 * Events that arrive before the persisted state is loaded wait in a queue and are applied after it, sorted by the
 * time they happened.
 */
export class MeasureService {
  readonly ledger = new Ledger();
  private queue: { event: Event; at: number }[] | null = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private badgeTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private orphanTimer: ReturnType<typeof setTimeout> | undefined;
  private finished: PageState[] = [];
  private finishedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ready: Promise<void>;

  constructor(
    private grid: () => GridSettings,
    private onFinished: (pages: PageState[]) => void = () => {},
    /** The badge's language: the person's choice in lib/settings, the browser's by default. */
    private lang: () => Lang = () => langOf(browser.i18n.getUILanguage()),
  ) {
    this.listen();
    this.ready = this.restore();
  }

  async view(tabId: number): Promise<PageView | null> {
    await this.ready;
    this.ledger.tick(Date.now());
    const page = this.ledger.page(tabId);
    if (!page) return null;
    // A tab whose navigation happened before the worker listened has no URL yet: ask the tab.
    if (!page.url) page.url = (await browser.tabs.get(tabId).catch(() => undefined))?.url ?? '';
    return { tabId, url: page.url, startedAt: page.startedAt, totals: page.totals, carbon: estimate(page.totals.bytes, this.grid()) };
  }

  timings(tabId: number, entries: TimingEntry[]): void {
    this.handle({ kind: 'timings', tabId, entries });
  }

  websocket(tabId: number, payloads: number[]): void {
    this.handle({ kind: 'websocket', tabId, payloads });
  }

  /** A top-level document started in the tab (see Ledger.onDocument). */
  document(tabId: number, doc: DocumentStart): void {
    this.handle({ kind: 'document', tabId, doc });
  }

  /** Redraws every badge, e.g. after the grid or language changed. */
  refreshBadges(): void {
    for (const tabId of this.ledger.tabIds()) this.scheduleBadge(tabId);
  }

  private listen(): void {
    const filter = { urls: ['<all_urls>'] };
    const webRequest = browser.webRequest;
    // What differs between Chromium and Firefox (header options, how a request names its initiator) is in platform.ts.
    const platform = currentPlatform(browser as unknown as PlatformApi);
    const headers = platform.responseHeaderOptions(browser as unknown as PlatformApi) as Browser.webRequest.OnResponseStartedOptions[];
    webRequest.onBeforeRequest.addListener((d) => void this.handle({ kind: 'before', d: platform.requestStart(d as BeforeRequestDetails) }), filter);
    webRequest.onBeforeRedirect.addListener((d) => void this.handle({ kind: 'redirect', d: d as RedirectInfo }), filter, headers as never);
    webRequest.onResponseStarted.addListener((d) => void this.handle({ kind: 'response', d: d as ResponseInfo }), filter, headers);
    // With the head too, so that a request whose earlier events were lost is still counted (Ledger.onCompleted).
    webRequest.onCompleted.addListener((d) => void this.handle({ kind: 'completed', d: d as RequestEnd }), filter, headers as never);
    webRequest.onErrorOccurred.addListener((d) => void this.handle({ kind: 'error', d }), filter);
    browser.tabs.onRemoved.addListener((tabId) => this.handle({ kind: 'tabRemoved', tabId }));
    browser.tabs.onReplaced.addListener((added, removed) => this.handle({ kind: 'tabReplaced', added, removed }));
    // Where the browser announces a suspension (Firefox's event page), what still waits for the flush timer is
    // written at once, so that a suspension loses nothing.
    platform.onSuspend(browser as unknown as PlatformApi, () => {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      void this.flush().then(() => this.handOverFinished());
    });
  }

  private handle(event: Event): void {
    if (this.queue) {
      this.queue.push({ event, at: timeOf(event, Date.now()) });
      return;
    }
    this.apply(event);
    this.scheduleFlush();
    if (event.kind === 'timings') this.scheduleOrphanCount();
  }

  /** Counts, once their grace is over, the responses only Resource Timing showed (Ledger.tick). */
  private scheduleOrphanCount(): void {
    if (this.orphanTimer !== undefined || !this.ledger.hasOrphans()) return;
    this.orphanTimer = setTimeout(() => {
      this.orphanTimer = undefined;
      this.ledger.tick(Date.now());
      this.scheduleFlush();
      this.scheduleOrphanCount();
    }, ORPHAN_GRACE_MS + 100);
  }

  private apply(event: Event): void {
    const ledger = this.ledger;
    switch (event.kind) {
      case 'before': return ledger.onBeforeRequest(event.d);
      case 'redirect': return ledger.onBeforeRedirect(event.d);
      case 'response': return ledger.onResponseStarted(event.d);
      case 'completed': return ledger.onCompleted(event.d);
      case 'error': return ledger.onErrorOccurred(event.d);
      case 'timings': return ledger.onTimings(event.tabId, event.entries, Date.now());
      case 'websocket': return ledger.onWebSocketBytes(event.tabId, event.payloads);
      case 'document': return ledger.onDocument(event.tabId, event.doc, Date.now());
      case 'tabRemoved': return ledger.onTabRemoved(event.tabId);
      case 'tabReplaced': return ledger.onTabReplaced(event.added, event.removed);
    }
  }

  private async restore(): Promise<void> {
    const hold = new Promise((resolve) => setTimeout(resolve, START_HOLD_MS));
    try {
      const stored = await browser.storage.session.get(null);
      for (const [key, value] of Object.entries(stored)) {
        if (key.startsWith(TAB_KEY) && isTabState(value)) this.ledger.restoreTab(value);
      }
    } catch (error) {
      // Without the saved state the worker goes on measuring from here; what it had before is lost, not doubled.
      console.error('Empreinte: could not restore the measurement state', error);
    }
    await hold;
    // Array.prototype.sort is stable: events of the same millisecond keep their order of arrival.
    const queued = (this.queue ?? []).sort((a, b) => a.at - b.at);
    this.queue = null;
    for (const { event } of queued) this.apply(event);
    this.scheduleFlush();
    this.scheduleOrphanCount();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  private async flush(): Promise<void> {
    const dirty = this.ledger.takeDirty();
    if (dirty.length === 0) return;
    const writes: Record<string, TabState> = {};
    const removals: string[] = [];
    for (const tabId of dirty) {
      const state = this.ledger.snapshotTab(tabId);
      if (state) writes[TAB_KEY + tabId] = state;
      else removals.push(TAB_KEY + tabId);
      this.scheduleBadge(tabId);
    }
    const finished = this.ledger.takeFinished();
    if (finished.length > 0) {
      this.finished.push(...finished);
      this.finishedTimer ??= setTimeout(() => this.handOverFinished(), FINISHED_DELAY_MS);
    }
    try {
      if (Object.keys(writes).length > 0) await browser.storage.session.set(writes);
      if (removals.length > 0) await browser.storage.session.remove(removals);
    } catch (error) {
      // Quota or a closing browser: keep going in memory; the figures stay right while this worker lives.
      console.error('Empreinte: could not save the measurement state', error);
    }
  }

  private handOverFinished(): void {
    clearTimeout(this.finishedTimer);
    this.finishedTimer = undefined;
    const pages = this.finished;
    this.finished = [];
    if (pages.length > 0) this.onFinished(pages);
  }

  private scheduleBadge(tabId: number): void {
    // NO_TAB (-1) holds service-worker fetches no tab owns yet: it has no badge.
    if (tabId < 0 || this.badgeTimers.has(tabId)) return;
    this.badgeTimers.set(
      tabId,
      setTimeout(() => {
        this.badgeTimers.delete(tabId);
        void this.drawBadge(tabId);
      }, BADGE_DELAY_MS),
    );
  }

  private async drawBadge(tabId: number): Promise<void> {
    const page = this.ledger.page(tabId);
    if (!page) return;
    const lang = this.lang();
    const { bytes } = page.totals;
    const carbon = estimate(bytes, this.grid());
    const title = translator(lang)('badgeTitle', formatBytes(bytes, lang), formatGrams(carbon.grams, lang), carbon.grade);
    const action = currentPlatform(browser as unknown as PlatformApi).toolbarButton(browser as unknown as PlatformApi);
    try {
      await Promise.all([
        action.setBadgeText({ tabId, text: badgeText(bytes, lang) }),
        action.setBadgeBackgroundColor({ tabId, color: GRADE_COLOURS[carbon.grade] ?? '#444444' }),
        action.setTitle({ tabId, title }),
      ]);
    } catch {
      // The tab closed in the meantime: nothing to draw.
    }
  }
}

function isTabState(value: unknown): value is TabState {
  const state = value as TabState | undefined;
  return typeof state?.tabId === 'number' && typeof state.page?.totals?.bytes === 'number' && typeof state.navigations === 'object';
}
