import { formatBytes, formatGrams, formatPercent, type Lang } from '../lib/format';
import type { PeriodTotals } from '../lib/history/types';
import type { Translate } from '../lib/i18n';

export interface HistoryProgressProps {
  totals: PeriodTotals;
  previous: PeriodTotals | null;
  bytesChange: number | null;
  gramsChange: number | null;
  dropped: boolean;
  adopted: { total: number; inPeriod: number };
  /** Oldest day in history, already formatted; null when history is empty. */
  since: string | null;
  lang: Lang;
  t: Translate;
}

/** This period against the previous one, the good practices adopted, and a word when the footprint drops. */
export function HistoryProgress({ previous, bytesChange, gramsChange, dropped, adopted, since, lang, t }: HistoryProgressProps) {
  const line = (label: string, share: number | null, before: string) => {
    if (share === null) return null;
    // Under half a percent reads as "the same": a rounding difference is no progress to announce.
    if (Math.abs(share) < 0.005) return t('dashboard_changeSame', label, before);
    return t(share < 0 ? 'dashboard_changeDown' : 'dashboard_changeUp', label, formatPercent(Math.abs(share), lang), before);
  };
  return (
    <div class="progress" data-testid="progress">
      {previous ? (
        <ul>
          {gramsChange !== null && <li data-testid="change-co2" data-value={String(gramsChange)}>{line(t('co2'), gramsChange, `${formatGrams(previous.grams, lang)} ${t('co2Unit')}`)}</li>}
          {bytesChange !== null && <li data-testid="change-bytes" data-value={String(bytesChange)}>{line(t('weight'), bytesChange, formatBytes(previous.bytes, lang))}</li>}
        </ul>
      ) : (
        <p>{since ? t('dashboard_noPrevious', since) : t('dashboard_noHistory')}</p>
      )}
      {dropped && (
        <p class="encourage" data-testid="encouragement">
          {t('dashboard_encourage')}
        </p>
      )}
      <p data-testid="tips-adopted" data-value={String(adopted.total)}>
        {adopted.total > 0 ? t('dashboard_tipsAdopted', adopted.total, adopted.inPeriod) : t('dashboard_tipsNone')}
      </p>
    </div>
  );
}
