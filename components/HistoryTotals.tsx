import { formatBytes, formatGrams, formatNumber, formatPercent, type Lang } from '../lib/format';
import type { PeriodTotals } from '../lib/history/types';
import type { Translate } from '../lib/i18n';

export interface HistoryTotalsProps {
  totals: PeriodTotals;
  equivalent: { value: number; unit: string; source: string } | null;
  lang: Lang;
  t: Translate;
}

/**
 * A period's headline figures. Contract kept stable for other suites: period-bytes, period-co2-grams and
 * period-pages carry the raw value in data-value.
 */
export function HistoryTotals({ totals, equivalent, lang, t }: HistoryTotalsProps) {
  const estimatedShare = totals.bytes > 0 ? totals.estimatedBytes / totals.bytes : 0;
  return (
    <dl class="headline">
      <div>
        <dt>{t('weight')}</dt>
        <dd data-testid="period-bytes" data-value={String(totals.bytes)} class="big">
          {formatBytes(totals.bytes, lang)}
        </dd>
      </div>
      <div>
        <dt>{t('co2')}</dt>
        <dd data-testid="period-co2-grams" data-value={String(totals.grams)} class="big">
          {formatGrams(totals.grams, lang)} {t('co2Unit')}
        </dd>
        {equivalent && (
          <dd class="equivalent" title={equivalent.source}>
            {t('equivalent', `${formatNumber(equivalent.value, lang, equivalent.value < 10 ? 1 : 0)} ${equivalent.unit}`)}
          </dd>
        )}
      </div>
      <div>
        <dt>{t('dashboard_pages')}</dt>
        <dd data-testid="period-pages" data-value={String(totals.pages)} class="big">
          {formatNumber(totals.pages, lang)}
        </dd>
      </div>
      <div>
        <dt>{t('estimated')}</dt>
        <dd data-testid="period-estimated-bytes" data-value={String(totals.estimatedBytes)}>
          {formatPercent(estimatedShare, lang)}
          {totals.estimatedBytes > 0 && <span class="hint"> {t('dashboard_estimatedHint', formatBytes(totals.estimatedBytes, lang), formatBytes(totals.bytes, lang))}</span>}
        </dd>
      </div>
    </dl>
  );
}
