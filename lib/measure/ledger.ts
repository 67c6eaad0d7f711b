import { kindOf } from './classify';
import { TYPICAL_BODY_BYTES, TYPICAL_HEAD_BYTES, websocketFrameBytes } from './estimate';
import { contentLength, headBytes, headerValue } from './headers';
import { isInternalRedirect } from './platform';
import { siteOfUrl, withoutFragment } from './site';
import {
  KINDS,
  type DocumentStart,
  type Kind,
  type PageState,
  type PageTotals,
  type RedirectInfo,
  type RequestEnd,
  type RequestStart,
  type ResponseInfo,
  type TabState,
  type TimingEntry,
  type TrackedRequest,
} from './types';

/** How long an ended request waits for its Resource Timing entry before its estimate is final. */
export const TIMING_GRACE_MS = 30_000;
/** How long the previous page of a tab still receives late responses. */
export const PREVIOUS_PAGE_GRACE_MS = 30_000;
/**
 * The pseudo-tab holding service-worker fetches that no open tab could be charged to yet (a navigation answered
 * by a service worker, to a site no tab shows). Never shown, never finished; its requests expire like others.
 */
export const NO_TAB = -1;
/** Clocks of the page (performance.timeOrigin) and of webRequest (timeStamp) are both wall clocks, a few ms apart. */
const CLOCK_SLACK_MS = 50;
const MAX_SPARE_TIMINGS = 500;
/**
 * How long a timing entry no webRequest event accounts for waits before it is counted on its own. A worker
 * stopped between receiving events and saving them (MeasureService's flush) loses those events, whereas the
 * page's own Resource Timing still lists the responses; normally webRequest reports a response before its entry.
 */
export const ORPHAN_GRACE_MS = 1_500;
const MAX_SEEN_URLS = 1_000;
const MAX_TRACKED_PER_PAGE = 2_000;
const MAX_SETTLED_IDS = 300;

/**
 * Per-page accounting of the bytes received over the network, fed with webRequest events (the ledger of every
 * network response) and refined with Resource Timing entries from the pages (sizes webRequest cannot see).
 *
 * Rules (see README, "What is measured"):
 * - a response from the network counts its head (status line + headers) plus its body as sent: the declared
 *   Content-Length, or else the encoded body size Resource Timing reports; if neither exists, a typical size,
 *   counted as estimated;
 * - a response served from the HTTP cache counts 0, unless Resource Timing shows it was revalidated on the
 *   network (a 304), in which case its head counts, estimated from the cached head;
 * - a 304 counts its head; each redirect hop counts its own response;
 * - a response the browser aborted counts its head, and its declared length as an estimate;
 * - a request that failed before any response counts nothing.
 *
 * The state is plain JSON (see `snapshot`/`restore`) so the background can persist it across service worker
 * restarts. All methods are synchronous and allocation-light: they run for every request of every page.
 */
export class Ledger {
  private tabs = new Map<number, TabState>();
  /** Tabs changed since the last `takeDirty()`. */
  private dirty = new Set<number>();
  /** Pages that ended for good (replaced more than a grace period ago, or closed), for history. */
  private finished: PageState[] = [];
  private nextPageSeq = 0;

  constructor(private readonly newId: () => string = () => `${Date.now().toString(36)}-${(this.nextPageSeq++).toString(36)}`) {}

  // ---- webRequest events -------------------------------------------------------------------------------

  onBeforeRequest(d: RequestStart): void {
    const url = withoutFragment(d.url);
    // data:, blob:, extension and browser URLs cost nothing on the network; ws: and wss: are WebSocket handshakes.
    if (!NETWORK_URL.test(url)) return;
    let tabId = d.tabId;
    let worker: TrackedRequest['worker'];
    if (tabId < 0) {
      // A service worker's own fetch has no tab: it is charged to the tab showing the worker's origin, or kept
      // aside until a page of that origin appears (onDocument).
      if (!d.initiator || !/^https?:/.test(d.initiator)) return;
      worker = { at: d.timeStamp, origin: d.initiator };
      tabId = this.tabOfWorker(d.initiator) ?? NO_TAB;
    }
    const tab = this.tabFor(tabId, d.timeStamp);
    this.expirePrevious(tab, d.timeStamp);
    const request: TrackedRequest = {
      id: d.requestId,
      kind: kindOf(d.type),
      party: 'first',
      url,
      measured: 0,
      estimated: 0,
    };
    // A prerendered page is fetched under the current tab before the user goes there: its bytes are spent now,
    // while the current page is shown, so they stay with it and it does not start a new page.
    if (d.type === 'main_frame' && d.tabId >= 0 && d.documentLifecycle !== 'prerender') {
      // Chromium reports onBeforeRequest again for every redirect hop, with the same requestId: the navigation
      // already carries the hops counted so far.
      if (tab.navigations[d.requestId]) return;
      tab.navigations[d.requestId] = request;
    } else {
      const page = tab.page;
      if (page.requests[d.requestId]) return; // the same request reported twice (prerender, redirect hops): count it once
      request.party = partyOf(page, url);
      if (worker) request.worker = worker;
      page.requests[d.requestId] = request;
      this.capTracked(page);
    }
    this.dirty.add(tabId);
  }

  onBeforeRedirect(d: RedirectInfo): void {
    const found = this.find(d.requestId, d.tabId) ?? this.adopt(d);
    if (!found) return;
    const { tab, page, request } = found;
    // Each hop is its own response on the wire: its head and its (usually tiny) body.
    const head = headBytes(d.statusLine, d.statusCode, d.responseHeaders);
    // The browser answered some redirects itself (HSTS upgrades, other extensions, a service worker taking over
    // in Firefox): nothing crossed the network. Each browser marks them its own way (platform.ts).
    const internal = isInternalRedirect(d);
    if (!d.fromCache && !internal) {
      const body = contentLength(d.responseHeaders) ?? 0;
      if (page) {
        this.add(page, request.kind, request.party, head + body, 0, 1);
      } else {
        // A top-level navigation's hops belong to the page it lands on; carried until then.
        request.measured += head + body;
        request.hops = (request.hops ?? 0) + 1;
      }
    }
    request.firstUrl ??= request.url;
    request.url = withoutFragment(d.redirectUrl);
    if (page) request.party = partyOf(page, request.url);
    this.dirty.add(tab.tabId);
  }

  onResponseStarted(d: ResponseInfo): void {
    const found = this.find(d.requestId, d.tabId) ?? this.adopt(d);
    if (!found) return;
    const { tab, request } = found;
    let { page } = found;
    request.status = d.statusCode;
    request.fromCache = d.fromCache;
    request.headerBytes = headBytes(d.statusLine, d.statusCode, d.responseHeaders);
    request.contentLength = contentLength(d.responseHeaders);
    if (!d.fromCache) this.inspect(request, d);
    if (!page) {
      // The top-level response has arrived: unless it is a download or an empty answer, the tab now shows a new
      // page, which owns this request. history.pushState makes no request, so it never starts a page.
      delete tab.navigations[d.requestId];
      const staysOnPage =
        /^\s*attachment/i.test(headerValue(d.responseHeaders, 'content-disposition') ?? '') ||
        d.statusCode === 204 ||
        d.statusCode === 205;
      if (!staysOnPage) {
        this.startPage(tab, request.url, d.timeStamp);
        tab.page.awaitingDocument = true;
      }
      page = tab.page;
      request.party = partyOf(page, request.url);
      if (request.measured > 0) {
        this.add(page, request.kind, request.party, request.measured, 0, request.hops ?? 0);
      }
      // From here on, a request's own counters hold its final response only.
      request.measured = 0;
      delete request.hops;
      page.requests[request.id] = request;
    }
    this.dirty.add(tab.tabId);
  }

  onCompleted(d: RequestEnd): void {
    let found = this.find(d.requestId, d.tabId);
    if (d.statusCode !== undefined && found?.request.status === undefined) {
      // The response's start was lost (the worker stopped before saving it, or was not listening yet); the
      // completion carries the same status and head, so the response is counted from it.
      this.onResponseStarted({ ...d, statusCode: d.statusCode, fromCache: d.fromCache ?? false });
      found = this.find(d.requestId, d.tabId);
    }
    if (!found?.page || found.request.status === undefined) {
      if (found && !found.page) delete found.tab.navigations[d.requestId];
      return;
    }
    this.settle(found.tab, found.page, found.request, d.timeStamp, false);
  }

  onErrorOccurred(d: RequestEnd): void {
    const found = this.find(d.requestId, d.tabId);
    if (!found) return;
    const { tab, page, request } = found;
    if (!page || request.status === undefined) {
      // Failed before any response (DNS, refused, blocked, cancelled): nothing was received, except the
      // redirect hops already counted on the page.
      if (page) delete page.requests[request.id];
      else delete tab.navigations[request.id];
      this.dirty.add(tab.tabId);
      return;
    }
    this.settle(tab, page, request, d.timeStamp, true);
  }

  // ---- from the pages --------------------------------------------------------------------------------

  /** Resource Timing entries from a frame of the tab (only those with a non-zero size). */
  onTimings(tabId: number, entries: TimingEntry[], now: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    for (const entry of entries) {
      const url = withoutFragment(entry.url);
      if (this.applyTiming(tab.page, url, entry)) continue;
      if (tab.previous && this.applyTiming(tab.previous, url, entry)) continue;
      // A response from the network (not a cache hit, not answered by the page's service worker): either webRequest
      // saw it end and counted it in full (nothing to add), or it is kept as an orphan, counted later unless a
      // request ends and claims it (see `see`).
      const fromNetwork = entry.transferSize > 0 && !entry.viaWorker;
      if (fromNetwork && (this.claim(tab.page, entry.entryType, url) || (tab.previous !== undefined && this.claim(tab.previous, entry.entryType, url)))) continue;
      const spare = tab.page.spare;
      spare.push(fromNetwork ? { ...entry, url, at: now, orphan: true } : { ...entry, url, at: now });
      if (spare.length > MAX_SPARE_TIMINGS) spare.splice(0, spare.length - MAX_SPARE_TIMINGS);
    }
    this.dirty.add(tabId);
  }

  /** Payload bytes of WebSocket messages a page received (counted by the page-world probe): estimated. */
  onWebSocketBytes(tabId: number, payloads: number[]): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    let bytes = 0;
    for (const payload of payloads) bytes += websocketFrameBytes(payload);
    this.add(tab.page, 'websocket', 'first', 0, bytes, 0);
    this.dirty.add(tabId);
  }

  /**
   * A top-level document started in the tab (its content script says so, with the document's timeOrigin).
   * Normally webRequest announced it first (its top-level response started the page) and this only ties the
   * document to the page. A document webRequest never announced was answered by a service worker: Chromium
   * reports nothing for such a navigation under the tab, only the worker's own fetches (tabId -1). It starts a
   * new page here, which takes over the worker fetches made for it since its navigation began.
   */
  onDocument(tabId: number, doc: DocumentStart, now: number): void {
    const url = withoutFragment(doc.url);
    const time = doc.timeOrigin;
    if (tabId < 0 || !/^https?:/.test(url) || !Number.isFinite(time) || time <= 0) return;
    const known = this.tabs.has(tabId);
    const tab = this.tabFor(tabId, now);
    const page = tab.page;
    if (page.documentTime === time) return;
    if (known) {
      if (page.awaitingDocument && page.url === url && time <= page.startedAt + CLOCK_SLACK_MS) {
        page.documentTime = time;
        delete page.awaitingDocument;
        this.dirty.add(tabId);
        return;
      }
      // A document that began before the current page's response: this page's, or a late word from an older one.
      if (time <= page.startedAt + CLOCK_SLACK_MS || (page.documentTime !== undefined && time < page.documentTime)) return;
      this.startPage(tab, url, time);
    } else {
      // The first word from this tab: its navigation was answered by a service worker.
      page.url = url;
      page.site = siteOfUrl(url);
      page.startedAt = time;
    }
    tab.page.documentTime = time;
    const origin = originOf(url);
    for (const from of [tab.previous, this.tabs.get(NO_TAB)?.page]) {
      if (from) this.moveWorkerRequests(from, tab.page, origin, time - CLOCK_SLACK_MS);
    }
    this.dirty.add(tabId);
  }

  // ---- tabs --------------------------------------------------------------------------------------------

  onTabRemoved(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    if (tab.previous) this.finish(tab, tab.previous);
    this.finish(tab, tab.page);
    this.tabs.delete(tabId);
    this.dirty.add(tabId);
  }

  /** Prerendered or back-forward pages swap a tab for another: the new tab id carries on the page. */
  onTabReplaced(addedTabId: number, removedTabId: number): void {
    const tab = this.tabs.get(removedTabId);
    this.tabs.delete(removedTabId);
    this.dirty.add(removedTabId);
    if (!tab) return;
    tab.tabId = addedTabId;
    tab.page.tabId = addedTabId;
    this.tabs.set(addedTabId, tab);
    this.dirty.add(addedTabId);
  }

  /** Finalises what waited too long; called from time to time (and before reading figures). */
  tick(now: number): void {
    for (const tab of this.tabs.values()) {
      for (const page of tab.previous ? [tab.page, tab.previous] : [tab.page]) {
        for (const request of Object.values(page.requests)) {
          if (request.endedAt !== undefined && now - request.endedAt > TIMING_GRACE_MS) {
            delete page.requests[request.id];
            this.dirty.add(tab.tabId);
          }
        }
        if (this.countOrphans(tab, page, now - ORPHAN_GRACE_MS)) this.dirty.add(tab.tabId);
        const oldest = page.spare.findIndex((entry) => now - entry.at <= TIMING_GRACE_MS);
        if (oldest !== 0) {
          page.spare.splice(0, oldest === -1 ? page.spare.length : oldest);
          this.dirty.add(tab.tabId);
        }
      }
      this.expirePrevious(tab, now);
    }
  }

  // ---- reading ----------------------------------------------------------------------------------------

  /** Whether some timing entry still waits to be claimed by a request or counted on its own (see `tick`). */
  hasOrphans(): boolean {
    for (const tab of this.tabs.values()) {
      for (const page of tab.previous ? [tab.page, tab.previous] : [tab.page]) {
        if (page.spare.some((entry) => entry.orphan)) return true;
      }
    }
    return false;
  }

  page(tabId: number): PageState | undefined {
    return this.tabs.get(tabId)?.page;
  }

  /** Ids of the browser tabs with a page (not the NO_TAB pseudo-tab). */
  tabIds(): number[] {
    return [...this.tabs.keys()].filter((tabId) => tabId >= 0);
  }

  /** Pages that ended since the last call (for history). */
  takeFinished(): PageState[] {
    const done = this.finished;
    this.finished = [];
    return done;
  }

  /** Tab ids whose state changed since the last call, to persist. */
  takeDirty(): number[] {
    const ids = [...this.dirty];
    this.dirty.clear();
    return ids;
  }

  snapshotTab(tabId: number): TabState | undefined {
    return this.tabs.get(tabId);
  }

  restoreTab(state: TabState): void {
    this.tabs.set(state.tabId, state);
  }

  // ---- internals --------------------------------------------------------------------------------------

  /** Notes what a response's head says about eco-design; counted on the page when the response ends. */
  private inspect(request: TrackedRequest, d: ResponseInfo): void {
    const headers = d.responseHeaders;
    const type = headerValue(headers, 'content-type') ?? '';
    const encoding = headerValue(headers, 'content-encoding') ?? '';
    if (TEXT_TYPES.test(type) && (!encoding || encoding === 'identity')) request.uncompressedText = true;
    if (
      STATIC_KINDS.has(request.kind) &&
      d.statusCode === 200 &&
      !['cache-control', 'expires', 'etag', 'last-modified'].some((name) => headerValue(headers, name) !== undefined)
    ) {
      request.uncacheable = true;
    }
  }

  private observe(page: PageState, request: TrackedRequest, bodyBytes: number): void {
    const observed = page.observed;
    if (request.uncompressedText && bodyBytes > 1024) observed.uncompressedTextBytes += bodyBytes;
    if (request.uncacheable) observed.uncacheableStatic += 1;
    if (request.kind === 'font') observed.fontFiles += 1;
    if (request.party === 'third' && observed.thirdPartySites.length < 100) {
      const site = siteOfUrl(request.url);
      if (site && !observed.thirdPartySites.includes(site)) observed.thirdPartySites.push(site);
    }
  }

  /** Decides what an ended request's body cost, as far as webRequest tells, and whether to wait for timing. */
  private settle(tab: TabState, page: PageState, request: TrackedRequest, now: number, aborted: boolean): void {
    if (request.endedAt !== undefined) return;
    request.endedAt = now;
    noteSettled(tab, request.id);
    const head = request.headerBytes ?? 0;
    const declared = request.contentLength;
    if (request.fromCache && request.status !== 304) {
      // From the HTTP cache: nothing on the wire, unless it was revalidated (Chromium reports a 304 of a
      // subresource this way too, see MEASUREMENT-FACTS.md); only Resource Timing can tell.
      request.needs = 'revalidation';
    } else if (request.status !== undefined && hasNoBody(request.status)) {
      // 1xx (a WebSocket's 101), 204, 205 and 304 have no body whatever their headers say (RFC 9110 6.4.1).
      this.count(page, request, head, 0);
    } else if (aborted) {
      // The browser gave up on the body (a broken image, a player that had enough): the server had still sent
      // it, and the network carried it, but no API says how much arrived. The declared length is the best guess;
      // without one, Resource Timing's partial size is a lower bound.
      if (declared !== null && declared !== undefined) {
        this.count(page, request, head, declared);
      } else {
        this.count(page, request, head, TYPICAL_BODY_BYTES[request.kind]);
        request.needs = 'aborted-body';
      }
    } else if (declared !== null && declared !== undefined) {
      this.count(page, request, head + declared, 0);
    } else {
      this.count(page, request, head, TYPICAL_BODY_BYTES[request.kind]);
      request.needs = 'body-size';
    }
    if (request.needs === undefined) {
      this.see(page, request);
      if (!request.worker) delete page.requests[request.id];
    } else {
      const index = page.spare.findIndex((entry) => entry.url === request.url);
      if (index !== -1) {
        const [entry] = page.spare.splice(index, 1);
        if (entry) this.refine(page, request, entry);
      }
    }
    this.dirty.add(tab.tabId);
  }

  private applyTiming(page: PageState, url: string, entry: TimingEntry): boolean {
    for (const request of Object.values(page.requests)) {
      if (request.needs !== undefined && request.url === url) {
        this.refine(page, request, entry);
        return true;
      }
    }
    return false;
  }

  /** Replaces what was counted for a request by what Resource Timing shows, then forgets the request. */
  private refine(page: PageState, request: TrackedRequest, entry: TimingEntry): void {
    const head = request.headerBytes ?? 0;
    const encoded = sizeOrZero(entry.encodedBodySize);
    const transfer = sizeOrZero(entry.transferSize);
    switch (request.needs) {
      case 'revalidation':
        // transferSize is 0 for a cache hit and non-zero when the cache went to the network to revalidate.
        if (transfer > 0) this.count(page, request, 0, head);
        break;
      case 'body-size':
      case 'aborted-body':
        // A cross-origin response without Timing-Allow-Origin reports 0: the estimate stands.
        if (encoded > 0) this.recount(page, request, head + encoded, 0);
        break;
    }
    delete request.needs;
    if (!request.worker) delete page.requests[request.id];
  }

  /** First count of a request's final response. */
  private count(page: PageState, request: TrackedRequest, measured: number, estimated: number): void {
    const firstTime = !request.counted;
    request.counted = true;
    if (firstTime) this.observe(page, request, request.contentLength ?? estimated);
    request.measured += measured;
    request.estimated += estimated;
    this.add(page, request.kind, request.party, measured, estimated, firstTime ? 1 : 0);
  }

  /** Replaces the final response's contribution (used when timing replaces an estimate by a measure). */
  private recount(page: PageState, request: TrackedRequest, measured: number, estimated: number): void {
    this.add(page, request.kind, request.party, measured - request.measured, estimated - request.estimated, 0);
    request.measured = measured;
    request.estimated = estimated;
  }

  private add(page: PageState, kind: Kind, party: 'first' | 'third', measured: number, estimated: number, responses: number): void {
    const bytes = measured + estimated;
    const totals = page.totals;
    totals.bytes += bytes;
    totals.estimatedBytes += estimated;
    totals.requests += responses;
    totals.byKind[kind] += bytes;
    totals.byParty[party] += bytes;
  }

  /**
   * Takes up a request whose start the ledger never saw: the worker was starting when it began, or was stopped
   * before it saved that event. Its response is real traffic, so it is tracked from here on.
   */
  private adopt(d: ResponseInfo): { tab: TabState; page?: PageState; request: TrackedRequest } | undefined {
    if (d.type === undefined) return undefined;
    const tabs = d.tabId >= 0 ? [this.tabs.get(d.tabId)] : [...this.tabs.values()];
    if (tabs.some((tab) => tab?.settled?.includes(d.requestId))) return undefined;
    const start: RequestStart = { requestId: d.requestId, tabId: d.tabId, type: d.type, url: d.url, timeStamp: d.timeStamp };
    if (d.frameId !== undefined) start.frameId = d.frameId;
    if (d.initiator !== undefined) start.initiator = d.initiator;
    if (d.documentLifecycle !== undefined) start.documentLifecycle = d.documentLifecycle;
    this.onBeforeRequest(start);
    return this.find(d.requestId, d.tabId);
  }

  /**
   * Notes that webRequest saw a response of the page end, counted. A timing entry of its URL waiting as an orphan
   * (it came first) is the same response: it is no orphan any more. Otherwise the URL waits for its entry.
   */
  private see(page: PageState, request: TrackedRequest): void {
    const urls = request.firstUrl ? [request.url, request.firstUrl] : [request.url];
    // A frame's document has two entries: its own navigation entry, and a resource entry in its parent's timeline.
    const types: TimingEntry['entryType'][] = request.kind === 'document' ? ['navigation', 'resource'] : ['resource'];
    const seen = (page.seen ??= {});
    for (const type of types) {
      const orphan = page.spare.length > 0 ? page.spare.find((entry) => entry.orphan && entry.entryType === type && urls.includes(entry.url)) : undefined;
      if (orphan) {
        delete orphan.orphan;
        continue;
      }
      for (const url of urls) {
        const key = `${type} ${url}`;
        const count = seen[key];
        if (count !== undefined) {
          seen[key] = count + 1;
          continue;
        }
        seen[key] = 1;
        page.seenSize = page.seenSize === undefined ? Object.keys(seen).length : page.seenSize + 1;
      }
    }
    // Responses that never get an entry (cross-origin without Timing-Allow-Origin) would pile up: past the limit,
    // the older half goes (listing the keys costs a pass over them, so it is not done for each response).
    if ((page.seenSize ?? 0) > MAX_SEEN_URLS) {
      const keys = Object.keys(seen);
      const keep = MAX_SEEN_URLS / 2;
      for (const old of keys.slice(0, keys.length - keep)) delete seen[old];
      page.seenSize = Math.min(keep, keys.length);
    }
  }

  /** Whether a timing entry belongs to a response webRequest saw end on the page (consumes one). */
  private claim(page: PageState, entryType: TimingEntry['entryType'], url: string): boolean {
    const seen = page.seen;
    const key = `${entryType} ${url}`;
    const left = seen?.[key];
    if (!seen || !left) return false;
    if (left > 1) {
      seen[key] = left - 1;
    } else {
      delete seen[key];
      if (page.seenSize !== undefined) page.seenSize--;
    }
    return true;
  }

  /**
   * Counts the orphan timing entries that arrived before `before` (all of them by default): responses webRequest
   * never reported. The body is measured (encodedBodySize, the bytes as sent); the head is estimated.
   */
  private countOrphans(tab: TabState, page: PageState, before = Infinity): boolean {
    let counted = false;
    for (const entry of page.spare) {
      if (!entry.orphan || entry.at > before) continue;
      delete entry.orphan;
      // webRequest saw this request start but not end: the entry is its end. Any late event of it is ignored.
      const open = Object.values(page.requests).find((r) => r.endedAt === undefined && (r.url === entry.url || r.firstUrl === entry.url));
      if (open) {
        delete page.requests[open.id];
        noteSettled(tab, open.id);
      }
      const body = sizeOrZero(entry.encodedBodySize);
      const head = Math.max(0, sizeOrZero(entry.transferSize) - body) || TYPICAL_HEAD_BYTES;
      const kind: Kind = entry.entryType === 'navigation' ? 'document' : 'other';
      this.add(page, kind, partyOf(page, entry.url), body, head, 1);
      counted = true;
    }
    return counted;
  }

  /** A page ends for good: what only its timing entries showed is counted, and history gets it. */
  private finish(tab: TabState, page: PageState): void {
    this.countOrphans(tab, page);
    this.finished.push(page);
  }

  /** Moves the worker fetches of `origin` started since `since` (and what they counted) from one page to another. */
  private moveWorkerRequests(from: PageState, to: PageState, origin: string, since: number): void {
    for (const request of Object.values(from.requests)) {
      if (!request.worker || request.worker.origin !== origin || request.worker.at < since) continue;
      const responses = request.counted ? 1 : 0;
      this.add(from, request.kind, request.party, -request.measured, -request.estimated, -responses);
      delete from.requests[request.id];
      request.party = partyOf(to, request.url);
      this.add(to, request.kind, request.party, request.measured, request.estimated, responses);
      to.requests[request.id] = request;
    }
  }

  private find(requestId: string, tabId: number): { tab: TabState; page?: PageState; request: TrackedRequest } | undefined {
    const candidates = tabId >= 0 ? [this.tabs.get(tabId)] : [...this.tabs.values()];
    for (const tab of candidates) {
      if (!tab) continue;
      const navigation = tab.navigations[requestId];
      if (navigation) return { tab, request: navigation };
      const inPage = tab.page.requests[requestId];
      if (inPage) return { tab, page: tab.page, request: inPage };
      const inPrevious = tab.previous?.requests[requestId];
      if (inPrevious && tab.previous) return { tab, page: tab.previous, request: inPrevious };
    }
    return undefined;
  }

  private tabFor(tabId: number, now: number): TabState {
    let tab = this.tabs.get(tabId);
    if (!tab) {
      // A tab whose page loaded before the extension listened: its URL and first bytes were not seen.
      tab = { tabId, page: this.newPage(tabId, '', now), navigations: {} };
      this.tabs.set(tabId, tab);
    }
    return tab;
  }

  private startPage(tab: TabState, url: string, now: number): void {
    const current = tab.page;
    // The blank page a tab gets when its first event is a navigation has nothing to keep or to record.
    const blank = !current.url && current.totals.bytes === 0 && Object.keys(current.requests).length === 0;
    if (!blank) {
      if (tab.previous) this.finish(tab, tab.previous);
      tab.previous = current;
    }
    tab.page = this.newPage(tab.tabId, url, now);
  }

  private expirePrevious(tab: TabState, now: number): void {
    if (!tab.previous) return;
    const open = Object.values(tab.previous.requests).some((request) => request.endedAt === undefined);
    if (now - tab.page.startedAt > PREVIOUS_PAGE_GRACE_MS || (!open && now - tab.page.startedAt > 1_000)) {
      this.finish(tab, tab.previous);
      delete tab.previous;
      this.dirty.add(tab.tabId);
    }
  }

  private newPage(tabId: number, url: string, now: number): PageState {
    return {
      id: this.newId(),
      tabId,
      url,
      site: siteOfUrl(url),
      startedAt: now,
      totals: emptyTotals(),
      observed: { thirdPartySites: [], uncompressedTextBytes: 0, uncacheableStatic: 0, fontFiles: 0 },
      requests: {},
      spare: [],
    };
  }

  /** A service worker's own fetches come with tabId -1: they are charged to the tab showing its origin. */
  private tabOfWorker(initiator: string | undefined): number | undefined {
    if (!initiator) return undefined;
    let best: PageState | undefined;
    for (const tab of this.tabs.values()) {
      const page = tab.page;
      if (page.url && originOf(page.url) === initiator && (!best || page.startedAt > best.startedAt)) best = page;
    }
    return best?.tabId;
  }

  /** Keeps a runaway page (an endless poller) from growing the persisted state without bound. */
  private capTracked(page: PageState): void {
    const ids = Object.keys(page.requests);
    if (ids.length <= MAX_TRACKED_PER_PAGE) return;
    for (const id of ids.slice(0, ids.length - MAX_TRACKED_PER_PAGE)) {
      const request = page.requests[id];
      // Ended requests keep their estimate; requests still open are dropped from tracking (not counted twice).
      if (request?.endedAt !== undefined) delete page.requests[id];
    }
  }
}

/** Remembers that a request ended, so that a late event of it is never taken up as new (see `adopt`). */
function noteSettled(tab: TabState, requestId: string): void {
  const settled = (tab.settled ??= []);
  settled.push(requestId);
  // Trimmed by whole chunks: shifting the list for every request would cost a pass over it each time.
  if (settled.length > MAX_SETTLED_IDS + 100) settled.splice(0, settled.length - MAX_SETTLED_IDS);
}

export function emptyTotals(): PageTotals {
  const byKind = {} as Record<Kind, number>;
  for (const kind of KINDS) byKind[kind] = 0;
  return { bytes: 0, estimatedBytes: 0, requests: 0, byKind, byParty: { first: 0, third: 0 } };
}

const NETWORK_URL = /^(https?|wss?):/i;

function hasNoBody(status: number): boolean {
  return status < 200 || status === 204 || status === 205 || status === 304;
}

const TEXT_TYPES = /^(text\/|application\/(javascript|json|xml|ld\+json|manifest\+json)|image\/svg\+xml)/i;
const STATIC_KINDS = new Set<Kind>(['script', 'stylesheet', 'image', 'font']);

function partyOf(page: PageState, url: string): 'first' | 'third' {
  if (!page.site) return 'first';
  return siteOfUrl(url) === page.site ? 'first' : 'third';
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** Sizes from a page are untrusted: anything but a finite non-negative integer counts as 0. */
function sizeOrZero(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}
