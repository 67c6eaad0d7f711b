import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDayKey, isoWeek, isWeekKey, localDay } from '../../../lib/tips/week';

describe('ISO weeks and local days', () => {
  it('numbers weeks as ISO 8601 does, across year boundaries', () => {
    // Reference values from the ISO 8601 calendar (Thursday rule).
    expect(isoWeek('2026-12-03')).toBe('2026-W49');
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // a Friday: still in 2026's week 53
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // a Monday: already 2025's week 1
    expect(isoWeek('2021-01-03')).toBe('2020-W53'); // a Sunday
    expect(isoWeek('2021-01-04')).toBe('2021-W01');
    expect(isoWeek('2025-06-15')).toBe('2025-W24');
  });

  it('changes week on Mondays only', () => {
    for (let d = 0; d < 400; d++) {
      const day = addDays('2025-01-01', d);
      const next = addDays(day, 1);
      const monday = new Date(`${next}T12:00:00Z`).getUTCDay() === 1;
      expect(isoWeek(next) !== isoWeek(day), `${day} → ${next}`).toBe(monday);
    }
  });

  it('validates days and weeks', () => {
    expect(isDayKey('2026-02-28')).toBe(true);
    expect(isDayKey('2026-02-29')).toBe(false);
    expect(isDayKey('2024-02-29')).toBe(true);
    expect(isDayKey('2026-2-3')).toBe(false);
    expect(isDayKey(20260203)).toBe(false);
    expect(isWeekKey('2026-W53')).toBe(true); // 2026 has 53 ISO weeks
    expect(isWeekKey('2025-W53')).toBe(false);
    expect(isWeekKey('2025-W00')).toBe(false);
    expect(() => isoWeek('yesterday')).toThrow(RangeError);
  });

  it('counts calendar days, whatever the time of day', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across the spring DST change in Europe
    expect(daysBetween('2026-12-31', '2026-12-01')).toBe(-30);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    const noon = new Date(2026, 11, 3, 12, 0).getTime();
    expect(localDay(noon)).toBe('2026-12-03');
  });
});
