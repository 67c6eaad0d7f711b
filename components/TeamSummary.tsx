/*
 * The ambassadors' team summary ("Mon équipe"): the collector's figures per week as a table, and the tips adopted
 * over the period. A figure the collector hid (computed from fewer than 5 reports) reads "fewer than 5", never 0.
 */
import type { Translate } from '../lib/i18n';
import type { Cell, TeamSummary as Summary } from '../lib/report/team';

export interface TeamSummaryProps {
  summary: Summary;
  t: Translate;
  /** Catalogue titles of tip ids, in the page's language. */
  tipTitles?: Record<string, string>;
  formatNumber: (n: number) => string;
}

function CellText({ cell, t, formatNumber }: { cell: Cell; t: Translate; formatNumber: (n: number) => string }) {
  return cell.value === null ? <span class="suppressed">{t('team_suppressed')}</span> : <>{formatNumber(cell.value)}</>;
}

export function TeamSummary({ summary, t, tipTitles = {}, formatNumber }: TeamSummaryProps) {
  const tips = Object.entries(summary.period.tips)
    .filter(([, cell]) => cell.value !== null)
    .sort((a, b) => (b[1].value ?? 0) - (a[1].value ?? 0) || a[0].localeCompare(b[0]));
  return (
    <div class="team-summary" data-testid="team-summary">
      <p>{t('team_intro', summary.team)}</p>
      <p class="hint">{t('team_publishedThrough', summary.publishedThrough)}</p>
      <table>
        <caption>{t('team_caption', summary.team)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team_week')}</th>
            <th scope="col">{t('team_reports')}</th>
            <th scope="col">{t('team_guide')}</th>
            <th scope="col">{t('team_adopted')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.weeks.map((w) => (
            <tr key={w.week} data-week={w.week}>
              <th scope="row">{w.week}</th>
              <td data-testid={`team-reports-${w.week}`}>
                <CellText cell={w.reports} t={t} formatNumber={formatNumber} />
              </td>
              <td>
                <CellText cell={w.guideOpenedThisWeek} t={t} formatNumber={formatNumber} />
              </td>
              <td>
                <CellText cell={w.adoptedAtLeastOne} t={t} formatNumber={formatNumber} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tips.length === 0 ? (
        <p>{t('team_noTips')}</p>
      ) : (
        <table>
          <caption>{t('team_tipsCaption', summary.period.from, summary.period.to)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team_tip')}</th>
              <th scope="col">{t('team_count')}</th>
            </tr>
          </thead>
          <tbody>
            {tips.map(([id, cell]) => (
              <tr key={id}>
                <th scope="row">{tipTitles[id] ?? id}</th>
                <td>
                  <CellText cell={cell} t={t} formatNumber={formatNumber} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
