import type { Translate } from '../lib/i18n';

/** Kept equal to lib/history/client.ts ExportKind (components may not import lib code other than types). */
export type ExportKind = 'pages-csv' | 'days-csv' | 'json';

export interface HistoryDataProps {
  frenchCsv: boolean;
  onFrenchCsv: (french: boolean) => void;
  onExport: (kind: ExportKind) => void;
  onDeleteAll: () => void;
  /** Whether a deletion is under way (the button is disabled meanwhile). */
  deleting: boolean;
  /** The outcome of the last action, announced politely. */
  message: string;
  /** Export needs history; deleting works even when history cannot be read. */
  exportAvailable: boolean;
  t: Translate;
}

/** Export and "delete all my data", shared by the dashboard and the options page. */
export function HistoryData({ frenchCsv, onFrenchCsv, onExport, onDeleteAll, deleting, message, exportAvailable, t }: HistoryDataProps) {
  return (
    <div class="history-data">
      <fieldset>
        <legend>{t('history_exportLegend')}</legend>
        <label>
          <input type="checkbox" checked={frenchCsv} onChange={(e) => onFrenchCsv((e.currentTarget as HTMLInputElement).checked)} /> {t('history_csvFrench')}
        </label>
        <div class="buttons">
          <button type="button" disabled={!exportAvailable} onClick={() => onExport('pages-csv')}>
            {t('history_exportPagesCsv')}
          </button>
          <button type="button" disabled={!exportAvailable} onClick={() => onExport('days-csv')}>
            {t('history_exportDaysCsv')}
          </button>
          <button type="button" disabled={!exportAvailable} onClick={() => onExport('json')}>
            {t('history_exportJson')}
          </button>
        </div>
      </fieldset>
      <p id="delete-what">{t('history_deleteWhat')}</p>
      <button type="button" class="danger" data-testid="delete-all" aria-describedby="delete-what" disabled={deleting} onClick={onDeleteAll}>
        {t('history_deleteAll')}
      </button>
      <p role="status" data-testid="history-data-status">
        {message}
      </p>
    </div>
  );
}
