import { describe, expect, it } from 'vitest';
import { change, progressOf } from '../../../lib/history/progress';
import { emptyTotals } from '../../../lib/history/summary';

const tips = {
  version: 1,
  answers: {
    'video-quality': { answer: 'adopted', at: '2026-12-02' },
    'close-tabs': { answer: 'adopted', at: '2026-10-01' },
    'dark-mode': { answer: 'not-for-me', at: '2026-12-02' },
  },
  shown: {},
  weekly: {},
  activeDays: [],
};

function totals(bytes: number, grams: number) {
  return { ...emptyTotals(), bytes, grams, pages: 1 };
}

describe('progress', () => {
  it('counts the tips adopted, in total and within the period', () => {
    const p = progressOf(totals(1, 1), null, tips, '2026-11-27', '2026-12-03');
    expect(p.adopted).toEqual({ total: 2, inPeriod: 1 });
    expect(p.gramsChange).toBeNull();
    expect(p.dropped).toBe(false);
  });

  it('says the footprint dropped when this period emits less than the previous one', () => {
    const p = progressOf(totals(800, 0.8), totals(1000, 1), undefined, '2026-11-27', '2026-12-03');
    expect(p.bytesChange).toBeCloseTo(-0.2, 9);
    expect(p.gramsChange).toBeCloseTo(-0.2, 9);
    expect(p.dropped).toBe(true);
    expect(progressOf(totals(1200, 1.2), totals(1000, 1), undefined, 'a', 'b').dropped).toBe(false);
  });

  it('counts nothing from an unreadable tip state', () => {
    expect(progressOf(totals(1, 1), null, 'garbage', 'a', 'z').adopted).toEqual({ total: 0, inPeriod: 0 });
    expect(progressOf(totals(1, 1), null, { version: 99, answers: tips.answers }, 'a', 'z').adopted).toEqual({ total: 0, inPeriod: 0 });
  });

  it('computes a change as a share of the previous figure, or null without one', () => {
    expect(change(150, 100)).toBeCloseTo(0.5, 9);
    expect(change(10, 0)).toBeNull();
    expect(change(10, undefined)).toBeNull();
  });
});
