/*
 * History's settings under an administrator's policy: historyPageDays and historyRollupMonths (declared in
 * public/managed_schema.json) win over the person's choice, lock their fields, and never overwrite the choice.
 */
import { render } from 'preact-render-to-string';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { HistorySettingsForm } from '../../../components/HistorySettingsForm';
import { applyManagedHistory, DEFAULT_HISTORY_SETTINGS, HISTORY_SETTINGS_KEY, PAGE_DAYS_RANGE, parseManagedHistory, ROLLUP_MONTHS_RANGE } from '../../../lib/history/settings';
import { loadHistorySettings, saveHistorySettings } from '../../../lib/history/settings-store';
import { translator } from '../../../lib/i18n';
import managedSchema from '../../../public/managed_schema.json';

describe('managed retention', () => {
  it('takes the valid retention keys of a policy, and only those', () => {
    expect(parseManagedHistory({ historyPageDays: 7, historyRollupMonths: 24, role: 'agent' })).toEqual({ pageDays: 7, rollupMonths: 24 });
    // Out of range, not an integer or not a number: ignored, so nothing is locked by a broken policy.
    expect(parseManagedHistory({ historyPageDays: 0, historyRollupMonths: 37 })).toEqual({});
    expect(parseManagedHistory({ historyPageDays: 7.5, historyRollupMonths: '12' })).toEqual({});
    expect(parseManagedHistory(null)).toEqual({});
  });

  it('uses the ranges the managed schema declares', () => {
    const { historyPageDays, historyRollupMonths } = managedSchema.properties;
    expect([historyPageDays.minimum, historyPageDays.maximum]).toEqual([PAGE_DAYS_RANGE.min, PAGE_DAYS_RANGE.max]);
    expect([historyRollupMonths.minimum, historyRollupMonths.maximum]).toEqual([ROLLUP_MONTHS_RANGE.min, ROLLUP_MONTHS_RANGE.max]);
  });

  it('puts the policy over the person’s settings and says which fields it locks', () => {
    const own = { ...DEFAULT_HISTORY_SETTINGS, pageDays: 90, enabled: false };
    expect(applyManagedHistory(own, { rollupMonths: 6 })).toEqual({ settings: { ...own, rollupMonths: 6 }, locked: ['rollupMonths'] });
    expect(applyManagedHistory(own, {})).toEqual({ settings: own, locked: [] });
  });
});

describe('history settings storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the person’s settings with the policy on top', async () => {
    await fakeBrowser.storage.local.set({ [HISTORY_SETTINGS_KEY]: { ...DEFAULT_HISTORY_SETTINGS, pageDays: 90, rollupMonths: 24 } });
    expect(await loadHistorySettings()).toEqual({ settings: { ...DEFAULT_HISTORY_SETTINGS, pageDays: 90, rollupMonths: 24 }, locked: [] });
    await fakeBrowser.storage.managed.set({ historyPageDays: 14 });
    expect(await loadHistorySettings()).toEqual({ settings: { ...DEFAULT_HISTORY_SETTINGS, pageDays: 14, rollupMonths: 24 }, locked: ['pageDays'] });
  });

  it('never writes a locked field over the person’s own stored value', async () => {
    await fakeBrowser.storage.local.set({ [HISTORY_SETTINGS_KEY]: { ...DEFAULT_HISTORY_SETTINGS, pageDays: 90 } });
    await fakeBrowser.storage.managed.set({ historyPageDays: 14 });
    await saveHistorySettings({ ...DEFAULT_HISTORY_SETTINGS, pageDays: 14, rollupMonths: 6, recordPrivate: true }, ['pageDays']);
    const stored = (await fakeBrowser.storage.local.get(HISTORY_SETTINGS_KEY))[HISTORY_SETTINGS_KEY];
    expect(stored).toEqual({ ...DEFAULT_HISTORY_SETTINGS, pageDays: 90, rollupMonths: 6, recordPrivate: true });
    // The policy gone, the person's own 90 days are back.
    await fakeBrowser.storage.managed.clear();
    expect((await loadHistorySettings()).settings.pageDays).toBe(90);
  });
});

describe('the retention form', () => {
  it('shows a field the policy sets as disabled, with the reason, and leaves the others editable', () => {
    const html = render(
      <HistorySettingsForm
        value={{ ...DEFAULT_HISTORY_SETTINGS, pageDays: 14 }}
        ranges={{ pageDays: PAGE_DAYS_RANGE, rollupMonths: ROLLUP_MONTHS_RANGE }}
        locked={['pageDays']}
        onSave={() => {}}
        message=""
        t={translator('fr')}
      />,
    );
    expect(html).toMatch(/<input[^>]*id="history-page-days"[^>]*disabled/);
    expect(html).toMatch(/id="history-page-days"[^>]*aria-describedby="history-page-days-locked history-retention-hint"/);
    expect(html).not.toMatch(/<input[^>]*id="history-rollup-months"[^>]*disabled/);
    expect(html).toContain('<span id="history-page-days-locked" class="hint"> Durée fixée par la politique de votre organisation.</span>');
  });
});
