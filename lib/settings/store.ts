/*
 * Reading and writing the settings in browser.storage, with the managed policy on top. Kept apart from
 * ./index.ts so that the pure parsing is importable anywhere (tests, the background's first synchronous lines).
 */
import { browser } from 'wxt/browser';
import type { Lang } from '../format';
import { applyManaged, DEFAULT_SETTINGS, parseManaged, parseSettings, resolveLang, type Settings, type SettingsField } from '.';

export const SETTINGS_KEY = 'settings';

/**
 * The administrator's policy, if any. Chromium throws ("Managed storage manifest not found") and Firefox rejects
 * when the extension declares no managed schema or no policy is installed: that simply means "no policy".
 */
export async function readManaged(): Promise<unknown> {
  try {
    // Absent altogether in some browsers (and in WXT's fake browser).
    const managed = (browser.storage as unknown as { managed?: { get(keys: null): Promise<Record<string, unknown>> } }).managed;
    return managed ? await managed.get(null) : {};
  } catch {
    return {};
  }
}

/** The settings in force and which fields the policy locks. */
export async function loadSettings(): Promise<{ settings: Settings; locked: SettingsField[] }> {
  const [stored, managed] = await Promise.all([browser.storage.local.get(SETTINGS_KEY), readManaged()]);
  return applyManaged(parseSettings(stored[SETTINGS_KEY]), parseManaged(managed));
}

/**
 * Saves the person's own choices. A field the policy locks keeps the person's stored value: the policy is
 * re-applied on every read, never written over their own choice (which comes back if the policy goes).
 */
export async function saveSettings(next: Settings, locked: readonly SettingsField[] = []): Promise<Settings> {
  const own = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const merged = parseSettings(next);
  for (const field of locked) (merged as unknown as Record<SettingsField, unknown>)[field] = own[field];
  await browser.storage.local.set({ [SETTINGS_KEY]: merged });
  return merged;
}

/** The interface language of extension pages: the person's (or the policy's) choice, the browser's for "auto". */
export async function loadLang(): Promise<Lang> {
  const { settings } = await loadSettings().catch(() => ({ settings: DEFAULT_SETTINGS }));
  return resolveLang(settings.lang, browser.i18n.getUILanguage());
}

/** Path of the onboarding page inside the extension (entrypoints/onboarding). */
export const ONBOARDING_PATH = '/onboarding.html';

/**
 * Opens the onboarding page once, when the extension is first installed (not on updates or browser updates):
 * role, team code, language and grid country are asked there, and stay changeable in the options page.
 * Registered synchronously by the background, as onInstalled fires right after the worker's first start.
 */
export function openOnboardingAtInstall(): void {
  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason !== 'install') return;
    void browser.tabs.create({ url: browser.runtime.getURL(ONBOARDING_PATH) }).catch((error: unknown) => {
      console.error('Empreinte: could not open the onboarding page', error);
    });
  });
}
