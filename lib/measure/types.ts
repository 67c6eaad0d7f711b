/** Kinds of resource the popup breaks the weight down by. */
export const KINDS = ['document', 'script', 'stylesheet', 'image', 'font', 'media', 'xhr', 'websocket', 'other'] as const;
export type Kind = (typeof KINDS)[number];

export type Party = 'first' | 'third';

export interface HttpHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayLike<number>;
}

/*
 * The slices of `webRequest` event details the accounting needs. Keeping them this small makes the ledger a
 * pure state machine that unit tests drive with plain objects (WXT's fake browser has no webRequest).
 */
export interface RequestStart {
  requestId: string;
  tabId: number;
  frameId?: number;
  type: string;
  url: string;
  /** Origin that started the request; for a service worker's own fetches (tabId -1), the worker's origin. */
  initiator?: string;
  documentLifecycle?: string;
  timeStamp: number;
}

export interface ResponseInfo {
  requestId: string;
  tabId: number;
  type?: string;
  /** As in RequestStart: lets the ledger take up a request whose start it missed (see Ledger.adopt). */
  frameId?: number;
  initiator?: string;
  documentLifecycle?: string;
  url: string;
  statusCode: number;
  statusLine?: string;
  responseHeaders?: HttpHeader[];
  fromCache: boolean;
  timeStamp: number;
}

export interface RedirectInfo extends ResponseInfo {
  redirectUrl: string;
}

export interface RequestEnd extends Partial<Omit<ResponseInfo, 'requestId' | 'tabId' | 'url' | 'timeStamp'>> {
  requestId: string;
  tabId: number;
  url: string;
  timeStamp: number;
  /** Set for onErrorOccurred. */
  error?: string;
}

/** One Resource Timing entry, as the content script forwards it (only entries that carry sizes). */
export interface TimingEntry {
  /** URL without fragment. */
  url: string;
  /** 'navigation' for the document itself, otherwise 'resource'. */
  entryType: 'navigation' | 'resource';
  transferSize: number;
  encodedBodySize: number;
  /** Answered through the page's service worker (workerStart > 0): its network cost is the worker's own fetches. */
  viaWorker?: boolean;
}

/** What the content script of a top-level document says when the document starts (see Ledger.onDocument). */
export interface DocumentStart {
  /** The document's URL (fragment included or not: it is removed). */
  url: string;
  /** `performance.timeOrigin`: when its navigation started, in ms since the epoch; unique per document. */
  timeOrigin: number;
}

/** What a page has cost so far; all integers. `bytes` includes `estimatedBytes`. */
export interface PageTotals {
  bytes: number;
  estimatedBytes: number;
  requests: number;
  byKind: Record<Kind, number>;
  byParty: Record<Party, number>;
}

/** A request the ledger follows until its size is known for good. Plain data: it is persisted as JSON. */
export interface TrackedRequest {
  id: string;
  kind: Kind;
  party: Party;
  /** Current URL (the last hop of a redirect chain), without fragment. */
  url: string;
  /** The URL it was first requested at, when it was redirected (Resource Timing names a resource by it). */
  firstUrl?: string;
  /** Bytes of this request already added to its page's totals. */
  measured: number;
  estimated: number;
  /** Set once the response has started. */
  status?: number;
  headerBytes?: number;
  /** Valid Content-Length of the response body, or null when absent or invalid. */
  contentLength?: number | null;
  fromCache?: boolean;
  /** Whether the final response was counted as a network response in `requests`. */
  counted?: boolean;
  /** Time the request ended (completed or failed); it then waits for a Resource Timing entry, if it needs one. */
  endedAt?: number;
  /** Text sent uncompressed, or a static resource without caching headers (see PageObservations). */
  uncompressedText?: boolean;
  uncacheable?: boolean;
  /** Redirect hops of a top-level navigation, counted once the page they lead to starts. */
  hops?: number;
  /** Why the body size is not known from webRequest alone. */
  needs?: 'body-size' | 'revalidation' | 'aborted-body';
  /**
   * Set for a service worker's own fetch (webRequest tabId -1): when it started and the worker's origin. Such a
   * request stays tracked for a while after it ends, so that it can move to the page it turns out to belong to
   * (see Ledger.onDocument).
   */
  worker?: { at: number; origin: string };
}

/** What the page's responses say about its eco-design (RGESN), for the webmaster tips; counted as they end. */
export interface PageObservations {
  /** Sites (registrable domains) of third-party responses, at most 100. */
  thirdPartySites: string[];
  /** Body bytes of text responses (HTML, CSS, JS, JSON, SVG) over 1 kB sent without Content-Encoding. */
  uncompressedTextBytes: number;
  /** Static resources (scripts, styles, images, fonts) sent with no caching header at all. */
  uncacheableStatic: number;
  /** Font files received from the network. */
  fontFiles: number;
}

export interface PageState {
  id: string;
  tabId: number;
  url: string;
  site: string;
  startedAt: number;
  /** `performance.timeOrigin` of the page's top-level document, once its content script has said so. */
  documentTime?: number;
  /** Started by a top-level response in webRequest, whose document has not announced itself yet. */
  awaitingDocument?: boolean;
  totals: PageTotals;
  observed: PageObservations;
  /** Requests in flight, or ended and waiting for a Resource Timing entry. Keyed by requestId. */
  requests: Record<string, TrackedRequest>;
  /**
   * Timing entries that arrived before their request ended; bounded. `orphan`: a network response of this page
   * whose end webRequest has not reported (yet, or ever: events lost when the worker stopped before saving them);
   * counted from the entry alone if no request claims it within ORPHAN_GRACE_MS, or when the page ends.
   */
  spare: (TimingEntry & { at: number; orphan?: boolean })[];
  /**
   * Responses webRequest saw end on this page, keyed "<entryType> <url>" (a redirected request under its first and
   * its last URL; a frame's document as a navigation and as a resource entry), with how many of their Resource
   * Timing entries are still to come. Absent in state saved by earlier versions.
   */
  seen?: Record<string, number>;
  /** How many keys `seen` has (kept so that its size is known without listing them). */
  seenSize?: number;
}

export interface TabState {
  tabId: number;
  page: PageState;
  /** The page before the current one, kept a short while so late responses (beacons, aborted loads) land there. */
  previous?: PageState;
  /** Top-level navigations in flight, not yet committed (a navigation may turn out to be a download). */
  navigations: Record<string, TrackedRequest>;
  /** Ids of the requests that ended last (bounded): an event arriving after the end is never taken up as new. */
  settled?: string[];
}
