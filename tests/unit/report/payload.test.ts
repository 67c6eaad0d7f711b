import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Ajv from 'ajv';
import {
  findReportProblem,
  isIsoWeek,
  isoWeeksInYear,
  weeklyReportSchema,
  weightBandOf,
  type WeeklyReport,
} from '../../../lib/report/payload';

// The collector compiles the schema with these options (server/src/app.ts): same here, so this test proves the
// schema is valid for the collector and that the extension-side validator agrees with it.
const ajv = new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: false, strict: true });
const validate = ajv.compile(weeklyReportSchema);

const valid: WeeklyReport = {
  schema: 1,
  reportId: '3f1e2d4c-5b6a-4978-8a1b-2c3d4e5f6a7b',
  week: '2026-W49',
  role: 'agent',
  team: 'dsi-infra',
  activeDays: 4,
  guideOpenedThisWeek: true,
  guideOpenedEver: true,
  charterAcknowledged: false,
  tipsShown: 12,
  tipsAdopted: ['close-unused-tabs', 'video-lower-resolution'],
  weightBand: '100MB-1GB',
};

describe('weekly report contract', () => {
  it('accepts a complete report and one without the optional fields', () => {
    expect(validate(valid)).toBe(true);
    expect(findReportProblem(valid)).toBeNull();
    const { team: _t, weightBand: _w, ...minimal } = valid;
    expect(validate(minimal)).toBe(true);
    expect(findReportProblem(minimal)).toBeNull();
  });

  it.each([
    ['extra property', { ...valid, url: 'https://example.org' }, 'url'],
    ['install id', { ...valid, installId: 'abc' }, 'installId'],
    ['schema 2', { ...valid, schema: 2 }, 'schema'],
    ['uuid v1', { ...valid, reportId: '3f1e2d4c-5b6a-1978-8a1b-2c3d4e5f6a7b' }, 'reportId'],
    ['uppercase uuid', { ...valid, reportId: valid.reportId.toUpperCase() }, 'reportId'],
    ['week without W', { ...valid, week: '2026-49' }, 'week'],
    ['week 54', { ...valid, week: '2026-W54' }, 'week'],
    ['unknown role', { ...valid, role: 'mayor' }, 'role'],
    ['team with space', { ...valid, team: 'my team' }, 'team'],
    ['activeDays 8', { ...valid, activeDays: 8 }, 'activeDays'],
    ['activeDays as string', { ...valid, activeDays: '3' }, 'activeDays'],
    ['tipsShown float', { ...valid, tipsShown: 1.5 }, 'tipsShown'],
    ['guide as 1', { ...valid, guideOpenedThisWeek: 1 }, 'guideOpenedThisWeek'],
    ['duplicate tip', { ...valid, tipsAdopted: ['a-b', 'a-b'] }, 'tipsAdopted[1]'],
    ['tip with capital', { ...valid, tipsAdopted: ['Close-tabs'] }, 'tipsAdopted[0]'],
    ['61 tips', { ...valid, tipsAdopted: Array.from({ length: 61 }, (_, i) => `tip-${i}`) }, 'tipsAdopted'],
    ['exact weight', { ...valid, weightBand: '123456789' }, 'weightBand'],
  ])('rejects %s, naming the field', (_name, report, field) => {
    expect(validate(report)).toBe(false);
    expect(findReportProblem(report)?.field).toBe(field);
  });

  it('rejects a missing required field, naming it', () => {
    const { guideOpenedEver: _g, ...rest } = valid;
    expect(validate(rest)).toBe(false);
    expect(findReportProblem(rest)).toEqual({ field: 'guideOpenedEver', message: 'is required' });
  });

  it('knows which years have a week 53', () => {
    expect(isoWeeksInYear(2026)).toBe(53); // 1 January 2026 is a Thursday
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
  });

  it('agrees with the JSON Schema on random mutations (except the calendar check of week 53)', () => {
    const mutation = fc.oneof(
      fc.record({ key: fc.constantFrom(...Object.keys(valid)), value: fc.jsonValue() }),
      fc.record({ key: fc.string({ maxLength: 12 }), value: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(mutation, ({ key, value }) => {
        const report: Record<string, unknown> = { ...valid, [key]: value };
        const week = report.week;
        if (typeof week === 'string' && /W53$/.test(week)) return; // the schema cannot know the calendar
        expect(findReportProblem(report) === null).toBe(validate(report));
      }),
      { numRuns: 2000 },
    );
  });

  it('bands the weekly weight coarsely', () => {
    expect(weightBandOf(0)).toBe('<100MB');
    expect(weightBandOf(99_999_999)).toBe('<100MB');
    expect(weightBandOf(100_000_000)).toBe('100MB-1GB');
    expect(weightBandOf(3_000_000_000)).toBe('1-5GB');
    expect(weightBandOf(5_000_000_001)).toBe('>5GB');
  });
});
