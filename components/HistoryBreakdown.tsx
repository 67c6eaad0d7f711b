import { formatBytes, formatGrams, formatNumber, formatPercent, type Lang } from '../lib/format';
import type { SiteTotals } from '../lib/history/types';
import type { Translate } from '../lib/i18n';

export interface HistoryBreakdownProps {
  caption: string;
  rows: { label: string; bytes: number }[];
  total: number;
  lang: Lang;
  t: Translate;
}

/** Bytes by resource type over a period: a table whose share cells double as bars. */
export function HistoryBreakdown({ caption, rows, total, lang, t }: HistoryBreakdownProps) {
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

export interface HistorySitesProps {
  sites: SiteTotals[];
  lang: Lang;
  t: Translate;
}

/** The heaviest sites of a period (registrable domains only: history never keeps an address). */
export function HistorySites({ sites, lang, t }: HistorySitesProps) {
  return (
    <table class="sites" data-testid="top-sites">
      <caption>{t('dashboard_topSites')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('dashboard_colSite')}</th>
          <th scope="col">{t('bytesColumn')}</th>
          <th scope="col">{t('dashboard_colCo2')}</th>
          <th scope="col">{t('dashboard_colPages')}</th>
        </tr>
      </thead>
      <tbody>
        {sites.map((site) => (
          <tr key={site.site} data-site={site.site} data-value={String(site.bytes)}>
            <th scope="row">{site.site}</th>
            <td>{formatBytes(site.bytes, lang)}</td>
            <td>{formatGrams(site.grams, lang)}</td>
            <td>{formatNumber(site.pages, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
