import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CarbonEstimate } from '../carbon/types';
import type { PageTotals, TimingEntry } from '../measure/types';

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
  /** Popup → background: the current page of a tab, or null when nothing was seen in it. */
  getPage(tabId: number): PageView | null;
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
    const { url, entryType, transferSize, encodedBodySize } = item as Record<string, unknown>;
    if (typeof url !== 'string' || url.length > MAX_URL) return null;
    if (entryType !== 'navigation' && entryType !== 'resource') return null;
    if (!isSize(transferSize) || !isSize(encodedBodySize)) return null;
    entries.push({ url, entryType, transferSize, encodedBodySize });
  }
  return entries;
}

export function parseWebSocketPayloads(data: unknown): number[] | null {
  if (!Array.isArray(data) || data.length > MAX_BATCH) return null;
  return (data as unknown[]).every(isSize) ? (data as number[]) : null;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 2 ** 40;
}
