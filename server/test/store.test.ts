/** Store behaviour that the API tests do not reach: retention. */
import { describe, expect, it } from 'vitest';
import { report, storeFactories } from './helpers';

describe.each(storeFactories)('store on $name', (factory) => {
  it('deletes the reports of weeks before the cut-off, across a year boundary, and only those', async () => {
    const { store, dispose } = await factory.open();
    try {
      const weeks = ['2025-W51', '2025-W52', '2026-W01', '2026-W02', '2026-W10'];
      for (const week of weeks) {
        for (let i = 0; i < 2; i += 1) {
          const r = report({ week });
          await store.insertReport({ ...r, team: null, weightBand: null });
        }
      }
      expect(await store.purgeReportsBefore('2026-W01')).toBe(4);
      expect([...new Set((await store.allReports()).map((r) => r.week))]).toEqual(['2026-W01', '2026-W02', '2026-W10']);
      expect(await store.purgeReportsBefore('2026-W01')).toBe(0);
    } finally {
      await dispose();
    }
  });
});
