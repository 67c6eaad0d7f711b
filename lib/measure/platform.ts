/*
 * Every difference between Chromium (Chrome, Edge) and Firefox that the measurement depends on, in one place.
 * The rest of lib/measure and the entrypoints never ask which browser they run in: they call this interface.
 * Facts behind each member: /work/shared/MEASUREMENT-FACTS.md, re-checked by tests/e2e-firefox/.
 *
 * The platform is chosen at build time (WXT sets import.meta.env.BROWSER, so each bundle only carries what its
 * browser needs to decide) and, where that is unset (unit tests), by feature detection.
 */
import type { RequestStart } from './types';

export type BrowserFamily = 'chromium' | 'firefox';

/** The toolbar button: `action` in Manifest V3, `browserAction` in Firefox's Manifest V2. Same three methods. */
export interface ToolbarButton {
  setBadgeText(details: { tabId?: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId?: number; color: string }): Promise<void>;
  setTitle(details: { tabId?: number; title: string }): Promise<void>;
}

/** The few fields of webRequest.onBeforeRequest details either browser sends that the ledger needs. */
export interface BeforeRequestDetails {
  requestId: string;
  tabId: number;
  frameId?: number;
  type: string;
  url: string;
  timeStamp: number;
  /** Chromium: origin of the document or worker that started the request. */
  initiator?: string;
  /** Chromium 106+: 'prerender' for a speculative prerender. */
  documentLifecycle?: string;
  /** Firefox: URL of the document or worker that started the request. */
  originUrl?: string;
  /** Firefox: URL of the document the request belongs to. */
  documentUrl?: string;
}

/** The slice of the `browser` namespace the platform looks at (a fake in unit tests). */
export interface PlatformApi {
  runtime?: {
    getBrowserInfo?: unknown;
    getManifest?: () => { manifest_version?: number };
    onSuspend?: { addListener(listener: () => void): void };
  };
  webRequest?: { OnResponseStartedOptions?: { EXTRA_HEADERS?: string } };
  action?: ToolbarButton;
  browserAction?: ToolbarButton;
  permissions?: {
    contains(permissions: { data_collection?: string[] }): Promise<boolean>;
    request(permissions: { data_collection?: string[] }): Promise<boolean>;
  };
}

/** Firefox's data-collection category declared optional in the manifest for the weekly report (docs/permissions.md). */
export const REPORT_DATA_CATEGORY = 'technicalAndInteraction';

export interface MeasurePlatform {
  readonly family: BrowserFamily;
  /**
   * Whether a content script's Resource Timing shows the sizes of cross-origin responses sent without
   * Timing-Allow-Origin. Firefox: yes (content scripts are not bound by it), so a cross-origin chunked body is
   * measured; Chromium: all sizes 0, so it is estimated.
   */
  readonly timingSeesCrossOriginSizes: boolean;
  /**
   * How webRequest shows a subresource revalidated with a 304. Chromium: `304` or `200 + fromCache`; Firefox:
   * always `200 + fromCache`. The ledger handles both the same way (a cached-looking response waits for Resource
   * Timing, whose non-zero transferSize tells a revalidation from a cache hit), so this is informative.
   */
  readonly revalidationSeenAs: '304-or-cached-200' | 'cached-200';
  /**
   * Chromium MV3 runs the background as a service worker, Firefox MV3 as an event page. Both are stopped when
   * idle and woken by the events whose listeners were registered at start-up; the measure service persists its
   * state in storage.session either way.
   */
  readonly background: 'service-worker' | 'event-page';
  /** The options to ask webRequest for every response header (Chromium hides some without 'extraHeaders'). */
  responseHeaderOptions(api: PlatformApi): string[];
  /** The ledger's view of a request start. Firefox names the initiator `originUrl` and gives a URL, not an origin. */
  requestStart(details: BeforeRequestDetails): RequestStart;
  toolbarButton(api: PlatformApi): ToolbarButton;
  /**
   * Calls `listener` just before the background is suspended, so pending state can be written. Firefox fires
   * runtime.onSuspend for its event page; Chromium never does for a service worker (nothing to hook: the measure
   * service's short flush delay is its only protection there).
   */
  onSuspend(api: PlatformApi, listener: () => void): void;
  /**
   * Whether the weekly report may be sent, as far as the browser is concerned. Firefox asks the person through
   * its built-in data consent (the optional data category declared in the manifest); Chromium has no such
   * consent, and the report's own opt-in setting is the only gate.
   */
  reportingConsent(api: PlatformApi): Promise<boolean>;
  /** Asks for that consent (Firefox shows its prompt; call from a click). Resolves to the new state. */
  requestReportingConsent(api: PlatformApi): Promise<boolean>;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function pick(details: BeforeRequestDetails, initiator: string | undefined): RequestStart {
  const start: RequestStart = {
    requestId: details.requestId,
    tabId: details.tabId,
    type: details.type,
    url: details.url,
    timeStamp: details.timeStamp,
  };
  if (details.frameId !== undefined) start.frameId = details.frameId;
  if (initiator !== undefined) start.initiator = initiator;
  if (details.documentLifecycle !== undefined) start.documentLifecycle = details.documentLifecycle;
  return start;
}

function buttonOf(api: PlatformApi, first: 'action' | 'browserAction'): ToolbarButton {
  const button = first === 'action' ? (api.action ?? api.browserAction) : (api.browserAction ?? api.action);
  if (!button) throw new Error('Empreinte: this browser has neither action nor browserAction');
  return button;
}

export const chromiumPlatform: MeasurePlatform = {
  family: 'chromium',
  timingSeesCrossOriginSizes: false,
  revalidationSeenAs: '304-or-cached-200',
  background: 'service-worker',
  responseHeaderOptions(api) {
    // Set-Cookie and a few others are hidden unless the listener asks for 'extraHeaders' (Chromium 72+).
    const extra = api.webRequest?.OnResponseStartedOptions?.EXTRA_HEADERS;
    return extra ? ['responseHeaders', extra] : ['responseHeaders'];
  },
  requestStart(details) {
    return pick(details, details.initiator);
  },
  toolbarButton(api) {
    return buttonOf(api, 'action');
  },
  onSuspend() {},
  async reportingConsent() {
    return true;
  },
  async requestReportingConsent() {
    return true;
  },
};

export const firefoxPlatform: MeasurePlatform = {
  family: 'firefox',
  timingSeesCrossOriginSizes: true,
  revalidationSeenAs: 'cached-200',
  background: 'event-page',
  responseHeaderOptions() {
    // Firefox shows every header and rejects the unknown 'extraHeaders' option.
    return ['responseHeaders'];
  },
  requestStart(details) {
    // A service worker's own fetches come with tabId -1 and originUrl = the worker script's URL; its origin is
    // what the ledger matches against open tabs, as Chromium's `initiator` is.
    return pick(details, details.initiator ?? originOf(details.originUrl));
  },
  toolbarButton(api) {
    // `action` in the Manifest V3 build; `browserAction` if it is ever built as Manifest V2.
    return buttonOf(api, api.runtime?.getManifest?.().manifest_version === 2 ? 'browserAction' : 'action');
  },
  onSuspend(api, listener) {
    api.runtime?.onSuspend?.addListener(listener);
  },
  async reportingConsent(api) {
    if (!api.permissions) return false;
    try {
      return await api.permissions.contains({ data_collection: [REPORT_DATA_CATEGORY] });
    } catch {
      // Firefox before 139 has no data_collection permissions: no built-in consent to honour (and the manifest's
      // strict_min_version excludes those versions anyway).
      return true;
    }
  },
  async requestReportingConsent(api) {
    if (!api.permissions) return false;
    try {
      return await api.permissions.request({ data_collection: [REPORT_DATA_CATEGORY] });
    } catch {
      return this.reportingConsent(api);
    }
  },
};

/**
 * Whether a redirect hop webRequest reports was answered by the browser itself, not by a server: nothing crossed
 * the network. The two browsers mark it differently, and the ledger must recognise both whichever it runs in:
 * - Chromium: a status line ending in "Internal Redirect" (HSTS upgrades, another extension's redirect);
 * - Firefox: status 0 and an empty status line, when a service worker takes over a request (the page's request
 *   is "redirected" to the same URL and the worker's own fetch, tabId -1, carries the bytes).
 */
export function isInternalRedirect(d: { statusCode: number; statusLine?: string }): boolean {
  return d.statusCode === 0 || /internal redirect/i.test(d.statusLine ?? '');
}

/** The platform for a WXT target name ('chrome', 'edge', 'firefox'...), or undefined for an unknown name. */
export function platformForTarget(target: string | undefined): MeasurePlatform | undefined {
  if (target === 'firefox') return firefoxPlatform;
  if (target === 'chrome' || target === 'edge' || target === 'opera') return chromiumPlatform;
  return undefined;
}

/** Firefox alone has runtime.getBrowserInfo; it is the detection Mozilla's own documentation suggests. */
export function detectPlatform(api: PlatformApi): MeasurePlatform {
  return typeof api.runtime?.getBrowserInfo === 'function' ? firefoxPlatform : chromiumPlatform;
}

/** The platform of the running build: fixed at build time, detected when the build did not say. */
export function currentPlatform(api: PlatformApi): MeasurePlatform {
  return platformForTarget(import.meta.env.BROWSER) ?? detectPlatform(api);
}
