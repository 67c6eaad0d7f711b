import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS, applyManaged, normaliseTeamCode, parseManaged, parseSettings, resolveLang, type Settings } from '../../../lib/settings';
import { SETTINGS_KEY, loadLang, loadSettings, saveSettings } from '../../../lib/settings/store';

describe('parsing stored settings', () => {
  it('reads the first release’s shape ({ grid }) as version 1 with defaults for the new fields', () => {
    expect(parseSettings({ grid: { country: 'DEU', dataCenter: 'world' } })).toEqual({
      version: 1,
      grid: { country: 'DEU', dataCenter: 'world' },
      role: 'agent',
      teamCode: '',
      lang: 'auto',
    });
  });

  it('falls back field by field, keeping every valid one', () => {
    const parsed = parseSettings({ grid: { country: 'FR', dataCenter: 'XXX' }, role: 'elected', teamCode: 'DSI-42', lang: 'de' });
    expect(parsed).toEqual({ version: 1, grid: { country: 'FRA', dataCenter: 'world' }, role: 'elected', teamCode: 'DSI-42', lang: 'auto' });
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ role: 'mayor' }).role).toBe('agent');
  });

  it('accepts a team code handed out by the Métropole, never free text', () => {
    expect(normaliseTeamCode('  DSI_2026 ')).toBe('DSI_2026');
    expect(normaliseTeamCode('')).toBe('');
    expect(normaliseTeamCode('Jean Dupont')).toBeUndefined();
    expect(normaliseTeamCode('x'.repeat(33))).toBeUndefined();
    // One character would not be accepted by the collector's team pattern (2 to 32).
    expect(normaliseTeamCode('x')).toBeUndefined();
    expect(normaliseTeamCode('x2')).toBe('x2');
    expect(normaliseTeamCode('-abc')).toBeUndefined();
    expect(normaliseTeamCode(42)).toBeUndefined();
    expect(parseSettings({ teamCode: 'has space' }).teamCode).toBe('');
  });

  it('resolves the interface language', () => {
    expect(resolveLang('auto', 'fr-FR')).toBe('fr');
    expect(resolveLang('auto', 'de')).toBe('en');
    expect(resolveLang('en', 'fr-FR')).toBe('en');
    expect(resolveLang('fr', 'en-US')).toBe('fr');
  });
});

describe('managed policy', () => {
  it('keeps only valid fields and locks exactly those', () => {
    const managed = parseManaged({ role: 'elected', teamCode: 'bad code', lang: 'fr', gridCountry: 'BEL', extra: 1 });
    expect(managed).toEqual({ role: 'elected', lang: 'fr', grid: { country: 'BEL', dataCenter: 'world' } });
    const mine: Settings = { ...DEFAULT_SETTINGS, role: 'webmaster', teamCode: 'WEB', grid: { country: 'FRA', dataCenter: 'DEU' } };
    const { settings, locked } = applyManaged(mine, managed);
    expect(locked.sort()).toEqual(['grid', 'lang', 'role']);
    expect(settings).toEqual({ version: 1, role: 'elected', teamCode: 'WEB', lang: 'fr', grid: { country: 'BEL', dataCenter: 'DEU' } });
    expect(parseManaged('nope')).toEqual({});
    expect(applyManaged(mine, {}).locked).toEqual([]);
  });
});

describe('settings storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saves the person’s choices and reads them back', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, role: 'ambassador', teamCode: 'T1', lang: 'en', grid: { country: 'ESP', dataCenter: 'world' } });
    const { settings, locked } = await loadSettings();
    expect(settings).toEqual({ version: 1, role: 'ambassador', teamCode: 'T1', lang: 'en', grid: { country: 'ESP', dataCenter: 'world' } });
    expect(locked).toEqual([]);
    // The fake browser has no UI language: a French one, so that "en" can only come from the settings.
    (fakeBrowser.i18n as { getUILanguage: () => string }).getUILanguage = () => 'fr-FR';
    expect(await loadLang()).toBe('en');
    await saveSettings({ ...settings, lang: 'auto' });
    expect(await loadLang()).toBe('fr');
  });

  it('never writes a locked field over the person’s own stored value', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { version: 1, role: 'webmaster', teamCode: '', lang: 'auto', grid: { country: 'FRA', dataCenter: 'world' } } });
    await saveSettings({ ...DEFAULT_SETTINGS, role: 'elected', teamCode: 'NEW' }, ['role']);
    const stored = parseSettings((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
    expect(stored.role).toBe('webmaster');
    expect(stored.teamCode).toBe('NEW');
  });
});
