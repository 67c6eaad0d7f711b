/*
 * One weekly report, in plain words and as the exact JSON that is (or will be) sent. Presentational: the options
 * page passes the report and the texts.
 */
import type { Translate } from '../lib/i18n';
import type { WeeklyReport } from '../lib/report/payload';

const BAND_KEYS = {
  '<100MB': 'report_band_lt100MB',
  '100MB-1GB': 'report_band_100MB1GB',
  '1-5GB': 'report_band_1GB5GB',
  '>5GB': 'report_band_gt5GB',
} as const;

const ROLE_KEYS = {
  agent: 'report_role_agent',
  elected: 'report_role_elected',
  ambassador: 'report_role_ambassador',
  webmaster: 'report_role_webmaster',
} as const;

export interface ReportContentsProps {
  report: WeeklyReport;
  t: Translate;
  /** Catalogue titles of tip ids, in the page's language (an id without a title is shown as is). */
  tipTitles?: Record<string, string>;
  /** Prefix for the test ids, so that several reports on one page stay distinct. */
  testId: string;
}

export function ReportContents({ report, t, tipTitles = {}, testId }: ReportContentsProps) {
  const yesNo = (v: boolean) => (v ? t('report_yes') : t('report_no'));
  const rows: [string, string][] = [
    [t('report_field_week'), report.week],
    [t('report_field_role'), t(ROLE_KEYS[report.role])],
    [t('report_field_team'), report.team ?? t('report_none')],
    [t('report_field_activeDays'), t('report_days', report.activeDays)],
    [t('report_field_guideOpenedThisWeek'), yesNo(report.guideOpenedThisWeek)],
    [t('report_field_guideOpenedEver'), yesNo(report.guideOpenedEver)],
    [t('report_field_charterAcknowledged'), yesNo(report.charterAcknowledged)],
    [t('report_field_tipsShown'), String(report.tipsShown)],
    [
      t('report_field_tipsAdopted'),
      report.tipsAdopted.length === 0 ? t('report_none') : report.tipsAdopted.map((id) => tipTitles[id] ?? id).join(' ; '),
    ],
    [t('report_field_weightBand'), report.weightBand ? t(BAND_KEYS[report.weightBand]) : t('report_noBand')],
    [t('report_field_reportId'), report.reportId],
    [t('report_field_schema'), String(report.schema)],
  ];
  return (
    <div class="report-contents" data-testid={testId}>
      <dl class="report-fields">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <details>
        <summary>{t('report_jsonSummary')}</summary>
        <pre class="report-json" data-testid={`${testId}-json`}>
          {JSON.stringify(report, null, 2)}
        </pre>
      </details>
    </div>
  );
}
