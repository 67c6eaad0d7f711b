// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { ReportContents } from '../../../components/ReportContents';
import { ReportNotice } from '../../../components/ReportNotice';
import { TeamSummary } from '../../../components/TeamSummary';
import { translator } from '../../../lib/i18n';
import type { WeeklyReport } from '../../../lib/report/payload';
import { parseTeamSummary } from '../../../lib/report/team';

afterEach(cleanup);

const report: WeeklyReport = {
  schema: 1,
  reportId: '6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f',
  week: '2026-W48',
  role: 'elected',
  activeDays: 3,
  guideOpenedThisWeek: true,
  guideOpenedEver: true,
  charterAcknowledged: false,
  tipsShown: 4,
  tipsAdopted: ['video-quality', 'unknown-tip'],
  weightBand: '1-5GB',
};

describe('ReportContents', () => {
  it('says every field in plain words and shows the exact JSON', () => {
    const { getByTestId } = render(<ReportContents report={report} t={translator('fr')} tipTitles={{ 'video-quality': 'Baisser la qualité vidéo' }} testId="r" />);
    const text = getByTestId('r').textContent!;
    for (const part of ['2026-W48', 'élu ou élue', 'aucun', '3 sur 7', 'de 1 à 5 Go', 'Baisser la qualité vidéo ; unknown-tip', report.reportId]) {
      expect(text).toContain(part);
    }
    expect(JSON.parse(getByTestId('r-json').textContent!)).toEqual(report);
  });

  it('says when no weight band is sent', () => {
    const { weightBand: _w, ...noBand } = report;
    const { getByTestId } = render(<ReportContents report={noBand} t={translator('en')} testId="r" />);
    expect(getByTestId('r').textContent).toContain('not sent (the week was not counted)');
  });
});

describe('TeamSummary', () => {
  const answer = {
    team: 'dsi',
    publishedThrough: '2026-W47',
    threshold: 5,
    weeks: [
      { week: '2026-W46', reports: { value: null, suppressed: true }, guideOpenedThisWeek: { value: null, suppressed: true }, adoptedAtLeastOne: { value: null, suppressed: true }, tips: {}, roles: {} },
      { week: '2026-W47', reports: { value: 13 }, guideOpenedThisWeek: { value: 6 }, adoptedAtLeastOne: { value: null, suppressed: true }, tips: { 'video-quality': { value: 7 } } },
    ],
    period: { from: '2026-W46', to: '2026-W47', weeks: 2, reports: { value: 13, weeksHidden: 1 }, adoptedAtLeastOne: { value: null, suppressed: true, weeksHidden: 2 }, tips: { 'video-quality': { value: 7, weeksHidden: 1 }, 'visio-camera': { value: null, suppressed: true, weeksHidden: 2 } } },
  };

  it('shows a hidden figure as "fewer than 5", never as 0', () => {
    const summary = parseTeamSummary(answer)!;
    const { getByTestId, container } = render(<TeamSummary summary={summary} t={translator('fr')} formatNumber={String} tipTitles={{ 'video-quality': 'Baisser la qualité vidéo' }} />);
    expect(getByTestId('team-reports-2026-W46').textContent).toBe('moins de 5');
    expect(getByTestId('team-reports-2026-W47').textContent).toBe('13');
    const rows = [...container.querySelectorAll('tbody tr')].map((tr) => tr.textContent);
    expect(rows).toContain('2026-W4713' + '6' + 'moins de 5');
    expect(rows).toContain('Baisser la qualité vidéo7');
    // A tip hidden over the period is not listed at all (listing it would only say "fewer than 5" about it).
    expect(container.textContent).not.toContain('visio-camera');
    expect(container.textContent).not.toMatch(/\b0\b/);
  });

  it('refuses an answer that is not a team summary', () => {
    expect(parseTeamSummary({ ...answer, weeks: [{ ...answer.weeks[1], reports: { value: -1 } }] })).toBeUndefined();
    expect(parseTeamSummary({ ...answer, weeks: [{ ...answer.weeks[1], reports: { value: null } }] })).toBeUndefined();
    expect(parseTeamSummary({ ...answer, period: null })).toBeUndefined();
    expect(parseTeamSummary('<html>')).toBeUndefined();
  });
});

describe('ReportNotice (onboarding)', () => {
  const t = translator('fr');
  it('names the collector when the report is sent, and links to the options that show and stop it', () => {
    const { getByTestId, getByRole } = render(<ReportNotice state={{ kind: 'active', collectorUrl: 'https://c.example.org' }} optionsHref="/options.html#reporting" t={t} />);
    expect(getByTestId('onboarding-report').dataset.value).toBe('active');
    expect(getByTestId('onboarding-report').textContent).toContain('partent vers https://c.example.org, sans adresse de page');
    expect(getByRole('link').getAttribute('href')).toBe('/options.html#reporting');
  });

  it('says nothing is sent when the report is configured but off, and is absent without a collector', () => {
    const off = render(<ReportNotice state={{ kind: 'off' }} optionsHref="/options.html#reporting" t={t} />);
    expect(off.getByTestId('onboarding-report').textContent).toContain('rien n’est envoyé');
    cleanup();
    const none = render(<ReportNotice state={{ kind: 'none' }} optionsHref="/options.html#reporting" t={t} />);
    expect(none.queryByTestId('onboarding-report')).toBeNull();
  });
});
