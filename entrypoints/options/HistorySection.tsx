/*
 * Options, history: whether history is kept, for how long (strategy action 38), whether private windows are
 * recorded, the export, and "delete all my data" (action 39). The settings live in storage.local under
 * "historySettings" (lib/history/settings.ts); the background purges as soon as they change.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { HistoryData } from '../../components/HistoryData';
import { HistorySettingsForm, type HistorySettingsValue } from '../../components/HistorySettingsForm';
import type { Lang } from '../../lib/format';
import { buildExport, deleteAllData, reasonKey, saveFile, type ExportKind } from '../../lib/history/client';
import { DEFAULT_HISTORY_SETTINGS, HISTORY_SETTINGS_KEY, PAGE_DAYS_RANGE, ROLLUP_MONTHS_RANGE, type RetentionField } from '../../lib/history/settings';
import { loadHistorySettings, saveHistorySettings } from '../../lib/history/settings-store';
import { translator } from '../../lib/i18n';

export function HistorySection({ lang }: { lang: Lang }) {
  const t = translator(lang);
  const [value, setValue] = useState<HistorySettingsValue>(DEFAULT_HISTORY_SETTINGS);
  const [locked, setLocked] = useState<RetentionField[]>([]);
  const [formMessage, setFormMessage] = useState('');
  const [dataMessage, setDataMessage] = useState('');
  const [frenchCsv, setFrenchCsv] = useState(lang === 'fr');
  const [deleting, setDeleting] = useState(false);

  const read = () =>
    loadHistorySettings().then(
      (loaded) => {
        setValue(loaded.settings);
        setLocked(loaded.locked);
      },
      () => setValue(DEFAULT_HISTORY_SETTINGS),
    );
  useEffect(() => {
    void read();
    // A policy installed or changed while the page is open applies at once.
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'managed' || (area === 'local' && HISTORY_SETTINGS_KEY in changes)) void read();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  useEffect(() => setFrenchCsv(lang === 'fr'), [lang]);

  const save = async (next: HistorySettingsValue) => {
    try {
      await saveHistorySettings(next, locked);
      await read();
      setFormMessage(t('history_saved'));
    } catch {
      setFormMessage(t('history_saveFailed'));
    }
  };
  const onExport = async (kind: ExportKind) => {
    const file = await buildExport(kind, frenchCsv);
    if ('error' in file) setDataMessage(t('history_exportFailed', t(reasonKey(file.error))));
    else {
      saveFile(file);
      setDataMessage(t('history_exportDone', file.name));
    }
  };
  const onDeleteAll = async () => {
    setDeleting(true);
    const ok = await deleteAllData();
    setDeleting(false);
    setDataMessage(ok ? t('history_deleted') : t('history_deleteFailed'));
    await read();
  };

  return (
    <section aria-labelledby="history-heading" data-testid="history-section">
      <h2 id="history-heading">{t('history_settingsHeading')}</h2>
      <p>
        <a href="/dashboard.html?period=7d">{t('dashboard_open')}</a>
      </p>
      <HistorySettingsForm value={value} ranges={{ pageDays: PAGE_DAYS_RANGE, rollupMonths: ROLLUP_MONTHS_RANGE }} locked={locked} onSave={(v) => void save(v)} message={formMessage} t={t} />
      <h3>{t('history_dataHeading')}</h3>
      <HistoryData
        frenchCsv={frenchCsv}
        onFrenchCsv={setFrenchCsv}
        onExport={(kind) => void onExport(kind)}
        onDeleteAll={() => void onDeleteAll()}
        deleting={deleting}
        message={dataMessage}
        exportAvailable
        t={t}
      />
    </section>
  );
}
