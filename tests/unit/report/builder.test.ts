import { describe, expect, it } from 'vitest';
import { buildReport, hadActivity, teamForReport, type BuildInput } from '../../../lib/report/builder';
import { findReportProblem, weeklyReportSchema } from '../../../lib/report/payload';
import { emptyTipState, type TipState } from '../../../lib/tips/state';

const ID = '6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f';
const known = new Set(['video-quality', 'visio-camera', 'video-audio-only']);

function tips(over: Partial<TipState> = {}): TipState {
  return { ...emptyTipState(), ...over };
}

function input(over: Partial<BuildInput> = {}): BuildInput {
  return {
    week: '2026-W49',
    reportId: ID,
    role: 'ambassador',
    teamCode: 'dsi',
    tips: tips(),
    counter: { bytes: 0, days: [] },
    isKnownTip: (id) => known.has(id),
    ...over,
  };
}

describe('teamForReport', () => {
  it.each([
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['dsi', { kind: 'same', team: 'dsi' }],
    ['dsi-web', { kind: 'same', team: 'dsi-web' }],
    ['DSI', { kind: 'mapped', code: 'DSI', team: 'dsi' }],
    ['Voirie_Nord', { kind: 'mapped', code: 'Voirie_Nord', team: 'voirie-nord' }],
    ['a', { kind: 'unfit', code: 'a' }],
    ['Z', { kind: 'unfit', code: 'Z' }],
    ['x'.repeat(32), { kind: 'same', team: 'x'.repeat(32) }],
  ])('%j gives %j', (code, expected) => {
    expect(teamForReport(code)).toEqual(expected);
  });
});

describe('buildReport', () => {
  it('fills every field of the contract from the local counts, and nothing else', () => {
    const state = tips({
      guideOpenedAt: '2026-11-20',
      charterAcknowledgedAt: '2026-12-01',
      weekly: {
        '2026-W49': { guideOpened: true, charterAcknowledged: true, tipsShown: 7, tipsAdopted: ['video-quality', 'visio-camera'] },
        '2026-W48': { guideOpened: false, charterAcknowledged: false, tipsShown: 2, tipsAdopted: ['video-audio-only'] },
      },
      activeDays: ['2026-11-27', '2026-12-01', '2026-12-05'],
    });
    const report = buildReport(input({ tips: state, counter: { bytes: 250_000_000, days: ['2026-11-29', '2026-12-01', '2026-12-02'] } }));
    expect(report).toEqual({
      schema: 1,
      reportId: ID,
      week: '2026-W49',
      role: 'ambassador',
      team: 'dsi',
      activeDays: 2, // 1 and 2 December: days with a measured page (29 November is W48; opened pages do not count)
      guideOpenedThisWeek: true,
      guideOpenedEver: true,
      charterAcknowledged: true,
      tipsShown: 7,
      tipsAdopted: ['video-quality', 'visio-camera'],
      weightBand: '100MB-1GB',
    });
    expect(findReportProblem(report)).toBeNull();
    const allowed = Object.keys(weeklyReportSchema.properties);
    expect(Object.keys(report).every((k) => allowed.includes(k))).toBe(true);
  });

  it('knows "ever" as of the week reported, not as of today', () => {
    const state = tips({ guideOpenedAt: '2026-12-08', charterAcknowledgedAt: '2026-12-09' });
    const r = buildReport(input({ tips: state }));
    expect(r.guideOpenedEver).toBe(false);
    expect(r.charterAcknowledged).toBe(false);
    const later = buildReport(input({ tips: state, week: '2026-W50' }));
    expect(later.guideOpenedEver).toBe(true);
    expect(later.charterAcknowledged).toBe(true);
    expect(later.guideOpenedThisWeek).toBe(false); // no weekly counter for W50
  });

  it('remembers a charter acknowledged in an earlier week although the last acknowledgement is later', () => {
    const state = tips({
      charterAcknowledgedAt: '2026-12-20',
      weekly: { '2026-W45': { guideOpened: false, charterAcknowledged: true, tipsShown: 0, tipsAdopted: [] } },
    });
    expect(buildReport(input({ tips: state })).charterAcknowledged).toBe(true);
  });

  it('sends no weight band for a week it did not count', () => {
    const r = buildReport(input({ counter: undefined }));
    expect('weightBand' in r).toBe(false);
    expect(buildReport(input({ counter: { bytes: 6_000_000_000, days: [] } })).weightBand).toBe('>5GB');
  });

  it('maps the team code, or leaves it out when it cannot fit', () => {
    expect(buildReport(input({ teamCode: 'Voirie_Nord' })).team).toBe('voirie-nord');
    expect('team' in buildReport(input({ teamCode: 'x' }))).toBe(false);
    expect('team' in buildReport(input({ teamCode: '' }))).toBe(false);
  });

  it('keeps only catalogue tips, caps counts, falls back to agent for an unknown role', () => {
    const state = tips({
      weekly: { '2026-W49': { guideOpened: false, charterAcknowledged: false, tipsShown: 5000, tipsAdopted: ['video-quality', 'jean-dupont', 'Bad Id'] } },
    });
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
    const r = buildReport(input({ tips: state, role: 'mayor', counter: { bytes: 1, days } }));
    expect(r.tipsAdopted).toEqual(['video-quality']);
    expect(r.tipsShown).toBe(1000);
    expect(r.role).toBe('agent');
    expect(r.activeDays).toBe(7);
  });

  it('refuses to build with an id that is not a UUID v4', () => {
    expect(() => buildReport(input({ reportId: 'install-42' }))).toThrow('reportId');
  });
});

describe('hadActivity', () => {
  it('is true when pages were measured, the tips were used, or the pages opened that week', () => {
    expect(hadActivity('2026-W49', tips(), undefined)).toBe(false);
    expect(hadActivity('2026-W49', tips(), { bytes: 0, days: [] })).toBe(false);
    expect(hadActivity('2026-W49', tips(), { bytes: 10, days: [] })).toBe(true);
    expect(hadActivity('2026-W49', tips(), { bytes: 0, days: ['2026-12-01'] })).toBe(true);
    expect(hadActivity('2026-W49', tips({ activeDays: ['2026-12-06'] }), undefined)).toBe(true);
    expect(hadActivity('2026-W49', tips({ activeDays: ['2026-12-07'] }), undefined)).toBe(false);
    const weekly = { '2026-W49': { guideOpened: true, charterAcknowledged: false, tipsShown: 0, tipsAdopted: [] } };
    expect(hadActivity('2026-W49', tips({ weekly }), undefined)).toBe(true);
  });
});
