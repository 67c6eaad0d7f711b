import type { CarbonEstimate } from '../lib/carbon/types';
import { formatBytes, formatGrams, formatNumber, formatPercent, GRADE_COLOURS, type Lang } from '../lib/format';
import type { Translate } from '../lib/i18n';
import { KINDS, type PageTotals } from '../lib/measure/types';

export interface PageFiguresProps {
  totals: PageTotals;
  carbon: CarbonEstimate;
  equivalent: { value: number; unit: string; source: string } | null;
  gridLabel: string;
  lang: Lang;
  t: Translate;
}

/** The figures of one page. Every figure carries its raw value in data-value (a stable test contract). */
export function PageFigures({ totals, carbon, equivalent, gridLabel, lang, t }: PageFiguresProps) {
  const estimatedShare = totals.bytes > 0 ? totals.estimatedBytes / totals.bytes : 0;
  const kinds = KINDS.filter((kind) => totals.byKind[kind] > 0).sort((a, b) => totals.byKind[b] - totals.byKind[a]);
  return (
    <div class="figures">
      <dl class="headline">
        <div>
          <dt>{t('weight')}</dt>
          <dd data-testid="transfer-bytes" data-value={String(totals.bytes)} class="big">
            {formatBytes(totals.bytes, lang)}
          </dd>
        </div>
        <div>
          <dt>{t('co2')}</dt>
          <dd data-testid="co2-grams" data-value={String(carbon.grams)} class="big">
            {formatGrams(carbon.grams, lang)} {t('co2Unit')}
          </dd>
          {equivalent && (
            <dd class="equivalent" title={equivalent.source}>
              {t('equivalent', `${formatNumber(equivalent.value, lang, equivalent.value < 10 ? 1 : 0)} ${equivalent.unit}`)}
            </dd>
          )}
        </div>
        <div>
          <dt>
            <abbr title={t('gradeHint')}>{t('grade')}</abbr>
          </dt>
          <dd
            data-testid="grade"
            data-value={carbon.grade}
            class="grade"
            style={{ backgroundColor: GRADE_COLOURS[carbon.grade] ?? '#444444' }}
          >
            {carbon.grade}
          </dd>
        </div>
        <div>
          <dt>{t('requests')}</dt>
          <dd data-testid="request-count" data-value={String(totals.requests)}>
            {formatNumber(totals.requests, lang)}
          </dd>
        </div>
        <div>
          <dt>{t('estimated')}</dt>
          <dd data-testid="estimated-bytes" data-value={String(totals.estimatedBytes)}>
            {formatPercent(estimatedShare, lang)}
            <span class="hint">
              {' '}
              {totals.estimatedBytes > 0
                ? t('estimatedHint', formatBytes(totals.estimatedBytes, lang), formatBytes(totals.bytes, lang))
                : t('allMeasured')}
            </span>
          </dd>
        </div>
      </dl>

      <Breakdown
        caption={t('byKind')}
        rows={kinds.map((kind) => ({ label: t(`kind_${kind}`), bytes: totals.byKind[kind] }))}
        total={totals.bytes}
        lang={lang}
        t={t}
      />
      <Breakdown
        caption={t('byParty')}
        rows={[
          { label: t('firstParty'), bytes: totals.byParty.first },
          { label: t('thirdParty'), bytes: totals.byParty.third },
        ]}
        total={totals.bytes}
        lang={lang}
        t={t}
      />
      <table class="segments">
        <caption>{t('segments')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('segmentDevice')}</th>
            <td>{formatGrams(carbon.segments.device, lang)}</td>
          </tr>
          <tr>
            <th scope="row">{t('segmentNetwork')}</th>
            <td>{formatGrams(carbon.segments.network, lang)}</td>
          </tr>
          <tr>
            <th scope="row">{t('segmentDataCenter')}</th>
            <td>{formatGrams(carbon.segments.dataCenter, lang)}</td>
          </tr>
        </tbody>
      </table>
      <p class="method">{t('method', 'Sustainable Web Design', carbon.model.version, gridLabel)}</p>
    </div>
  );
}

interface BreakdownProps {
  caption: string;
  rows: { label: string; bytes: number }[];
  total: number;
  lang: Lang;
  t: Translate;
}

/** A table (read by screen readers as such) whose share cells double as bars. */
function Breakdown({ caption, rows, total, lang, t }: BreakdownProps) {
  return (
    <table class="breakdown">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('kindColumn')}</th>
          <th scope="col">{t('bytesColumn')}</th>
          <th scope="col">{t('shareColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const share = total > 0 ? row.bytes / total : 0;
          return (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{formatBytes(row.bytes, lang)}</td>
              <td class="share">
                <span class="bar" style={{ width: `${Math.round(share * 100)}%` }} aria-hidden="true" />
                <span>{formatPercent(share, lang)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
