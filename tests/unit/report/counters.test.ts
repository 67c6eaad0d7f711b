import { describe, expect, it } from 'vitest';
import { addPages, emptyCounters, parseCounters } from '../../../lib/report/counters';
import { addWeeks, mondayOf, weekOf, weekStartOf } from '../../../lib/report/week';

describe('report weeks', () => {
  it('finds the Monday of an ISO week and steps across years', () => {
    expect(mondayOf('2026-W49')).toBe('2026-11-30');
    expect(mondayOf('2026-W01')).toBe('2025-12-29');
    expect(mondayOf('2026-W53')).toBe('2026-12-28');
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeks('2026-W01', -1)).toBe('2025-W52');
    expect(addWeeks('2026-W49', 0)).toBe('2026-W49');
  });

  it('starts a week on Monday at local midnight', () => {
    const thursday = new Date(2026, 11, 3, 15, 30).getTime();
    expect(weekStartOf(thursday)).toBe(new Date(2026, 10, 30).getTime());
    expect(weekStartOf(new Date(2026, 10, 30).getTime())).toBe(new Date(2026, 10, 30).getTime());
    expect(weekStartOf(new Date(2026, 11, 6, 23, 59).getTime())).toBe(new Date(2026, 10, 30).getTime());
    expect(weekOf(thursday)).toBe('2026-W49');
  });
});

describe('counters', () => {
  it('sums the bytes of a week and keeps each day once', () => {
    let c = addPages(emptyCounters(), 1000, '2026-W49', '2026-12-01');
    c = addPages(c, 500.7, '2026-W49', '2026-12-01');
    c = addPages(c, -5, '2026-W49', '2026-11-30');
    c = addPages(c, Number.NaN, '2026-W49', '2026-12-02');
    expect(c).toEqual({ version: 1, weeks: { '2026-W49': { bytes: 1500, days: ['2026-11-30', '2026-12-01', '2026-12-02'] } } });
  });

  it('keeps the last 10 weeks only', () => {
    let c = emptyCounters();
    for (let i = 0; i < 14; i++) c = addPages(c, 1, addWeeks('2026-W30', i), '2026-07-20');
    expect(Object.keys(c.weeks).sort()).toEqual(Array.from({ length: 10 }, (_, i) => addWeeks('2026-W34', i)));
  });

  it('parses stored counters week by week, dropping what is malformed', () => {
    expect(parseCounters(undefined)).toEqual(emptyCounters());
    expect(parseCounters({ version: 2, weeks: {} })).toEqual(emptyCounters());
    expect(
      parseCounters({
        version: 1,
        weeks: {
          '2026-W49': { bytes: 12, days: ['2026-12-01', 'x', '2026-12-01'] },
          '2026-W48': { bytes: -1, days: [] },
          '2026-W47': { bytes: 1.5, days: [] },
          nope: { bytes: 1, days: [] },
          '2026-W46': null,
        },
      }),
    ).toEqual({ version: 1, weeks: { '2026-W49': { bytes: 12, days: ['2026-12-01'] } } });
  });
});
