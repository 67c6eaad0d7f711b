import { describe, expect, it } from 'vitest';
import { periodRange, summarize } from '../../../lib/history/summary';
import { emptyDay } from '../../../lib/history/schema';
import type { DailyRecord } from '../../../lib/history/types';
import { at, page } from './fixtures';

function day(d: string, bytes: number, extra: Partial<DailyRecord> = {}): DailyRecord {
  return { ...emptyDay(d), pages: 1, bytes, grams: bytes / 1000, kinds: [0, 0, 0, bytes, 0, 0, 0, 0, 0], parties: [bytes, 0], sites: { 'x.fr': [1, bytes, 0, 1, bytes / 1000] }, models: ['swd/4'], ...extra };
}

const NOW = at(2026, 12, 3, 15);

describe('periods', () => {
  it('end today and include it', () => {
    expect(periodRange('today', NOW)).toMatchObject({ from: '2026-12-03', to: '2026-12-03', previousFrom: '2026-12-02', previousTo: '2026-12-02', unit: 'hour' });
    expect(periodRange('7d', NOW)).toMatchObject({ from: '2026-11-27', to: '2026-12-03', previousFrom: '2026-11-20', previousTo: '2026-11-26', unit: 'day' });
    expect(periodRange('30d', NOW)).toMatchObject({ from: '2026-11-04', previousFrom: '2026-10-05', previousTo: '2026-11-03' });
    expect(periodRange('12m', NOW)).toMatchObject({ from: '2026-01-01', to: '2026-12-03', previousFrom: '2025-01-01', previousTo: '2025-12-31', unit: 'month' });
  });
});

describe('summarize', () => {
  it('adds the days of the period, splits the previous period apart and ignores the rest', () => {
    const days = [day('2026-11-19', 999_999), day('2026-11-20', 100), day('2026-11-26', 200), day('2026-11-27', 1000), day('2026-12-03', 3000, { estimatedBytes: 30, requests: 9, pages: 2 })];
    const s = summarize('7d', NOW, days, [], '2026-11-01');
    expect(s.totals).toMatchObject({ pages: 3, bytes: 4000, estimatedBytes: 30, requests: 9, byParty: { first: 4000, third: 0 } });
    expect(s.totals.byKind.image).toBe(4000);
    expect(s.totals.grams).toBeCloseTo(4, 9);
    expect(s.previous).toMatchObject({ bytes: 300, pages: 2 });
    expect(s.trend).toHaveLength(7);
    expect(s.trend[0]).toEqual({ key: '2026-11-27', bytes: 1000, grams: 1, pages: 1 });
    expect(s.trend[6]).toMatchObject({ key: '2026-12-03', bytes: 3000, pages: 2 });
    expect(s.trend.slice(1, 6).every((p) => p.bytes === 0)).toBe(true);
    expect(s.models).toEqual(['swd/4']);
  });

  it('compares with the previous period only when history covers all of it', () => {
    const days = [day('2026-11-25', 100), day('2026-12-03', 200)];
    expect(summarize('7d', NOW, days, [], '2026-11-25').previous).toBeNull();
    expect(summarize('7d', NOW, days, [], '2026-11-20')?.previous?.bytes).toBe(100);
    expect(summarize('7d', NOW, [], [], null).previous).toBeNull();
  });

  it('ranks the heaviest sites of the period, at most ten', () => {
    const sites = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${String(i).padStart(2, '0')}.fr`, [1, (i + 1) * 10, 0, 1, 0] as [number, number, number, number, number]]));
    const s = summarize('today', NOW, [day('2026-12-03', 780, { sites }), day('2026-12-02', 5, { sites: { 'yesterday.fr': [1, 5, 0, 1, 0] } })], [], null);
    expect(s.topSites).toHaveLength(10);
    expect(s.topSites[0]).toEqual({ site: 's11.fr', pages: 1, bytes: 120, grams: 0 });
    expect(s.topSites.map((x) => x.site)).not.toContain('yesterday.fr');
  });

  it('draws today hour by hour from the page records', () => {
    const pages = [page(at(2026, 12, 3, 0, 5), 'a.fr', 10), page(at(2026, 12, 3, 14, 59), 'a.fr', 20), page(at(2026, 12, 3, 14, 1), 'b.fr', 5), page(at(2026, 12, 2, 14), 'a.fr', 1000)];
    const s = summarize('today', NOW, [], pages, null);
    expect(s.trend).toHaveLength(24);
    expect(s.trend[0]).toMatchObject({ key: '00', bytes: 10, pages: 1 });
    expect(s.trend[14]).toMatchObject({ key: '14', bytes: 25, pages: 2 });
    expect(s.trend.reduce((sum, p) => sum + p.bytes, 0)).toBe(35);
  });

  it('draws twelve months, one bar per calendar month', () => {
    const s = summarize('12m', NOW, [day('2026-01-31', 1), day('2026-02-01', 2), day('2026-02-28', 3), day('2026-12-03', 4)], [], null);
    expect(s.trend.map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(s.trend.map((p) => p.bytes)).toEqual([1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]);
  });
});
