/*
 * The signals the tips are triggered by (seeds/tips.json `trigger.signal`), computed on the device from what the
 * extension already observes and never sent anywhere. Pure: the background gathers the inputs (the tab's page
 * from the measurement ledger, the DOM findings of ./findings, today's counter from ./daily, the number of open
 * tabs) and this module turns them into numbers. A signal that cannot be known is left out: "not measured" must
 * never read as "zero" (a missing signal does not trigger its tips).
 *
 * Page-level signals (the page on screen):
 * - page_bytes: the page's transfer weight so far (ledger total, estimated part included).
 * - third_party_bytes_share: bytes served by other sites / all bytes; unknown for an empty page.
 * - third_party_domains: distinct third-party sites (registrable domains) that answered the page.
 * - trackers_on_page: those sites that seeds/services.json lists as trackers.
 * - http_page: 1 for a page over plain http:, 0 over https: and for loopback hosts (localhost, 127.0.0.0/8, ::1),
 *   whose traffic never leaves the machine and which browsers treat as secure contexts; unknown otherwise
 *   (extension pages, files).
 * - uncompressed_text_bytes: body bytes of text responses over 1 kB sent without Content-Encoding.
 * - uncacheable_static_count: scripts, styles, images and fonts sent with no caching header at all.
 * - font_files: font files received from the network.
 * - autoplay_media, oversized_images_bytes: from the DOM findings of the page (see PageFindings); unknown
 *   until the findings script has reported on this very URL.
 * - open_tabs: tabs open in the browser when asked (a count only, no URL is read).
 * Day-level signals (today so far = the finished pages of today in the daily counter + the page on screen):
 * - video_bytes_share: video bytes / all bytes (see `pageContribution` for what counts as video; the page's
 *   media bytes always do, so a page that streams video raises the share even on an unknown site).
 * - video_minutes_day, visio_minutes_day: estimated minutes on video and visio pages.
 * - genai_visits_day, cloud_storage_visits_day, webmail_visits_day: visits to those services today.
 * - download_bytes: the largest single download of the day.
 */
import type { PageObservations, PageTotals } from '../measure/types';
import { serviceOf } from './catalogue';
import { addContribution, dayOf, emptyDay, hostOf, pageContribution, type DailyStore, type DayCounter } from './daily';
import type { SignalId, Signals } from './types';
import { localDay } from './week';

/** What only the page's DOM knows, reported by entrypoints/findings.content.ts for one URL. */
export interface PageFindings {
  /** URL of the page the findings are about, without fragment. */
  url: string;
  /** Media elements playing (or set to autoplay) before the person interacted with the page. */
  autoplayMedia: number;
  /** Images whose intrinsic size is much larger than displayed, and their bytes from Resource Timing. */
  oversizedImages: number;
  oversizedImageBytes: number;
}

export interface SignalPage {
  url: string;
  startedAt: number;
  totals: PageTotals;
  observed: PageObservations;
}

export interface SignalInput {
  /** The page on screen, or null (no page measured in this tab). */
  page: SignalPage | null;
  /** DOM findings of the tab; ignored unless they are about the page's URL. */
  findings?: PageFindings | null;
  /** Today's counter (the finished pages), or the whole store. */
  daily?: DailyStore | DayCounter | null;
  /** Open tabs in the browser, when known. */
  openTabs?: number;
  now: number;
}

/** Every signal that can be known from the input (see the list at the top of this file). */
export function computeSignals(input: SignalInput): Signals {
  const out: Partial<Record<SignalId, number>> = {};
  const { page, now } = input;
  if (input.openTabs !== undefined && Number.isInteger(input.openTabs) && input.openTabs >= 0) out.open_tabs = input.openTabs;

  if (page) {
    const { totals, observed } = page;
    out.page_bytes = totals.bytes;
    if (totals.bytes > 0) out.third_party_bytes_share = totals.byParty.third / totals.bytes;
    out.third_party_domains = observed.thirdPartySites.length;
    out.trackers_on_page = observed.thirdPartySites.filter((site) => serviceOf(site)?.category === 'tracker').length;
    const protocol = protocolOf(page.url);
    if (protocol === 'http:') out.http_page = isLoopback(page.url) ? 0 : 1;
    else if (protocol === 'https:') out.http_page = 0;
    out.uncompressed_text_bytes = observed.uncompressedTextBytes;
    out.uncacheable_static_count = observed.uncacheableStatic;
    out.font_files = observed.fontFiles;
    const findings = input.findings;
    if (findings && sameDocument(findings.url, page.url)) {
      out.autoplay_media = findings.autoplayMedia;
      out.oversized_images_bytes = findings.oversizedImageBytes;
    }
  }

  const today = localDay(now);
  const stored = input.daily ? ('days' in input.daily ? dayOf(input.daily, today) : input.daily.day === today ? input.daily : null) : null;
  // Without a stored counter the day is unknown, except for what the page on screen shows.
  if (stored || page) {
    let day: DayCounter = stored ?? emptyDay(today);
    if (page && isWebPage(page.url)) day = addContribution(day, pageContribution(page, now));
    if (day.bytes > 0) out.video_bytes_share = Math.min(1, day.videoBytes / day.bytes);
    out.video_minutes_day = day.videoMinutes;
    out.visio_minutes_day = day.visioMinutes;
    out.genai_visits_day = day.visits.genai;
    out.cloud_storage_visits_day = day.visits.cloud_storage;
    out.webmail_visits_day = day.visits.webmail;
    if (stored) out.download_bytes = day.largestDownload;
  }
  return out;
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/** Loopback per W3C Secure Contexts ("potentially trustworthy" origins). */
export function isLoopback(url: string): boolean {
  const host = hostOf(url);
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

function isWebPage(url: string): boolean {
  const p = protocolOf(url);
  return p === 'http:' || p === 'https:';
}

/** Same document: equal URLs once the fragment is dropped. */
export function sameDocument(a: string, b: string): boolean {
  return a.split('#')[0] === b.split('#')[0] && a !== '';
}

export { hostOf };
