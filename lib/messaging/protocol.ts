import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CarbonEstimate } from '../carbon/types';
import type { HistoryExport, HistoryReply, HistorySummary, Period } from '../history/types';
import type { DocumentStart, PageTotals, TimingEntry } from '../measure/types';
import type { PrefsChange, ReportStatus, ReportUpdateResult, TeamSummaryResult } from '../report/types';
import type { AnswerRequest, PageFindings, TipCardData, TipStateView } from '../tips/messages';

/** What the popup shows for one tab. */
export interface PageView {
  tabId: number;
  url: string;
  startedAt: number;
  totals: PageTotals;
  carbon: CarbonEstimate;
}

/** Every message between the extension's parts, with its payload and reply types. */
export interface ProtocolMap {
  /** Content script → background: Resource Timing entries with sizes, from one frame. */
  timings(entries: TimingEntry[]): void;
  /** Content script → background: payload bytes of WebSocket messages the page received. */
  websocket(payloads: number[]): void;
  /** Content script (top frame) → background: its document started (URL and performance.timeOrigin). */
  document(doc: DocumentStart): void;
  /** Popup → background: the current page of a tab, or null when nothing was seen in it. */
  getPage(tabId: number): PageView | null;
  /** Content script (top frame) → background: what only the DOM shows (autoplaying media, oversized images). */
  findings(findings: PageFindings): void;
  /** Popup → background: the most relevant tip for this tab and this person (recorded as shown), or null. */
  getTip(tabId: number): TipCardData | null;
  /** Guide → background: the one tip of the day outside the popup (lib/tips/engine.ts, no nagging), or null. */
  tipOfTheDay(): TipCardData | null;
  /** Popup or guide → background: "J'adopte" / "Déjà fait" / "Pas pour moi", or null to withdraw the answer. */
  answerTip(request: AnswerRequest): TipStateView | null;
  /** Guide → background: the person's answers and Axis 1 flags. */
  tipState(): TipStateView | null;
  /** Guide → background: the guide was opened (counted per ISO week). */
  guideOpened(): TipStateView | null;
  /** Guide → background: the elected officials' charter (action 05) was acknowledged. */
  acknowledgeCharter(): TipStateView | null;
  /** Dashboard → background: what history holds for a period (see lib/history/summary.ts). */
  historySummary(query: { period: Period }): HistoryReply<HistorySummary>;
  /** Dashboard or options → background: every history record, for the user's export. */
  historyExport(): HistoryReply<HistoryExport>;
  /** Dashboard or options → background: "delete all my data" (history, settings, tip answers, pending reports). */
  deleteAllData(): { ok: boolean };
  /** Options → background: what the next report will contain, what is queued and what was sent. */
  reportStatus(): ReportStatus | null;
  /** Options → background: turn reporting on or off, set the collector (refused for fields a policy sets). */
  reportUpdate(change: PrefsChange): ReportUpdateResult | null;
  /** Options → background: do now what the hourly alarm does (build finished weeks, send what is due). */
  reportTick(): ReportStatus | null;
  /** End-to-end tests only (from an extension page): shift the report clock by this many ms (0 resets it). */
  reportClock(offsetMs: number): { ok: boolean };
  /** Dashboard → background: the ambassador's team summary from the collector ("Mon équipe"). */
  teamSummary(): TeamSummaryResult | null;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

const MAX_BATCH = 500;
const MAX_URL = 8_192;

/**
 * Content scripts run in pages we do not trust: their messages are checked field by field before anything
 * reaches the ledger. Returns the valid entries, or null when the message is not a batch of timings at all.
 */
export function parseTimings(data: unknown): TimingEntry[] | null {
  if (!Array.isArray(data) || data.length > MAX_BATCH) return null;
  const entries: TimingEntry[] = [];
  for (const item of data as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { url, entryType, transferSize, encodedBodySize, viaWorker } = item as Record<string, unknown>;
    if (typeof url !== 'string' || url.length > MAX_URL) return null;
    if (entryType !== 'navigation' && entryType !== 'resource') return null;
    if (!isSize(transferSize) || !isSize(encodedBodySize)) return null;
    if (viaWorker !== undefined && typeof viaWorker !== 'boolean') return null;
    entries.push(viaWorker ? { url, entryType, transferSize, encodedBodySize, viaWorker } : { url, entryType, transferSize, encodedBodySize });
  }
  return entries;
}

export function parseWebSocketPayloads(data: unknown): number[] | null {
  if (!Array.isArray(data) || data.length > MAX_BATCH) return null;
  return (data as unknown[]).every(isSize) ? (data as number[]) : null;
}

/** A document's start as its content script reports it, or null when the message is not one. */
export function parseDocumentStart(data: unknown): DocumentStart | null {
  if (typeof data !== 'object' || data === null) return null;
  const { url, timeOrigin } = data as Record<string, unknown>;
  if (typeof url !== 'string' || url.length > MAX_URL) return null;
  if (typeof timeOrigin !== 'number' || !Number.isFinite(timeOrigin) || timeOrigin <= 0) return null;
  return { url, timeOrigin };
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 2 ** 40;
}
