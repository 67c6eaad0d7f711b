/*
 * Reading and writing history's settings in browser.storage, with the administrator's retention on top (the same
 * rule as lib/settings/store.ts: the policy wins on every read and is never written over the person's own value).
 */
import { browser } from 'wxt/browser';
import { readManaged } from '../settings/store';
import { applyManagedHistory, HISTORY_SETTINGS_KEY, parseHistorySettings, parseManagedHistory, type HistorySettings, type RetentionField } from './settings';

export async function loadHistorySettings(): Promise<{ settings: HistorySettings; locked: RetentionField[] }> {
  const [stored, managed] = await Promise.all([browser.storage.local.get(HISTORY_SETTINGS_KEY), readManaged()]);
  return applyManagedHistory(parseHistorySettings(stored[HISTORY_SETTINGS_KEY]), parseManagedHistory(managed));
}

/** Saves the person's choices; a field the policy locks keeps their stored value (it comes back if the policy goes). */
export async function saveHistorySettings(next: HistorySettings, locked: readonly RetentionField[] = []): Promise<HistorySettings> {
  const own = parseHistorySettings((await browser.storage.local.get(HISTORY_SETTINGS_KEY))[HISTORY_SETTINGS_KEY]);
  const merged = parseHistorySettings(next);
  for (const field of locked) merged[field] = own[field];
  await browser.storage.local.set({ [HISTORY_SETTINGS_KEY]: merged });
  return merged;
}
