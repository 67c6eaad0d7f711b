/*
 * What extension pages (dashboard, options) do with history: ask the background (the only one that opens the
 * database) and turn an export into a file the browser downloads. No 'downloads' permission is needed: the file
 * is a blob URL clicked from the page itself.
 */
import { sendMessage } from '../messaging/protocol';
import { dayOf } from './dates';
import { daysCsv, historyJson, pagesCsv } from './export';
import type { HistoryReply, HistorySummary, Period, UnavailableReason } from './types';

export type ExportKind = 'pages-csv' | 'days-csv' | 'json';

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/** The summary of a period, or why it cannot be read (a worker that does not answer counts as an error). */
export async function fetchSummary(period: Period): Promise<HistoryReply<HistorySummary>> {
  try {
    return await sendMessage('historySummary', { period });
  } catch {
    return { available: false, reason: 'error' };
  }
}

export async function buildExport(kind: ExportKind, french: boolean, now = Date.now()): Promise<ExportFile | { error: UnavailableReason | 'error' }> {
  let reply;
  try {
    reply = await sendMessage('historyExport', undefined);
  } catch {
    return { error: 'error' };
  }
  if (!reply.available) return { error: reply.reason };
  const stamp = dayOf(now);
  switch (kind) {
    case 'pages-csv':
      return { name: `empreinte-pages-${stamp}.csv`, type: 'text/csv;charset=utf-8', text: pagesCsv(reply.data.pages, { french }) };
    case 'days-csv':
      return { name: `empreinte-days-${stamp}.csv`, type: 'text/csv;charset=utf-8', text: daysCsv(reply.data.daily, { french }) };
    case 'json':
      return { name: `empreinte-history-${stamp}.json`, type: 'application/json', text: historyJson(reply.data, now) };
  }
}

/** Hands a file to the browser's downloads, from the page (a user gesture started it). */
export function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; revoking at once can cancel it in Firefox.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function deleteAllData(): Promise<boolean> {
  try {
    return (await sendMessage('deleteAllData', undefined)).ok;
  } catch {
    return false;
  }
}

/** The locale key that explains why history is unavailable. */
export function reasonKey(reason: UnavailableReason | 'error') {
  const keys = {
    'no-indexeddb': 'history_reason_noIndexeddb',
    'open-failed': 'history_reason_openFailed',
    blocked: 'history_reason_blocked',
    'migration-failed': 'history_reason_migrationFailed',
    closed: 'history_reason_closed',
    error: 'history_reason_error',
  } as const;
  return keys[reason];
}
