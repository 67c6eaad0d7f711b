/**
 * Property-based proof of the suppression rule on random populations (fast-check).
 *
 * The attacker below is written from the domain, not from the suppression module's cells: it reads the figures
 * the API would return (organisation and every team, every published week, the period) and applies the
 * subtractions the brief names, repeatedly, as long as they teach it something:
 *   organisation minus the visible teams (the rest being the reports without a team), the reports minus the
 *   visible roles, a count and its complement within its group, two metrics made of the same tips, and the period
 *   minus the visible weeks.
 * Then: every number returned rests on at least 5 reports (and so does its complement), and nothing hidden or
 * smaller than 5 is among what the attacker could compute.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REPORT_ROLES, type ReportRole } from '../../lib/report/payload';
import { MIN_REPORTS, suppressSmallCounts, type CountCell, type Relation } from '../src/privacy/suppression';
import { computeWeekTable, periodFigures, weekFigures, ORG, type Cell, type Figures } from '../src/indicators/compute';
import type { StoredReport } from '../src/store/types';
import { fixtureCatalogue as catalogue } from './helpers';

const TEAMS = ['aa', 'bb', 'cc', 'dd'];

const reportArb = (week: string): fc.Arbitrary<StoredReport> =>
  fc.record({
    reportId: fc.uuid({ version: 4 }),
    week: fc.constant(week),
    role: fc.constantFrom<ReportRole>('agent', 'agent', 'agent', 'elected', 'ambassador', 'webmaster'),
    team: fc.option(fc.constantFrom(...TEAMS), { nil: null, freq: 4 }),
    activeDays: fc.integer({ min: 0, max: 7 }),
    guideOpenedThisWeek: fc.boolean(),
    guideOpenedEver: fc.boolean(),
    charterAcknowledged: fc.boolean(),
    tipsShown: fc.integer({ min: 0, max: 30 }),
    tipsAdopted: fc.subarray([...catalogue.tipIds]),
    weightBand: fc.constant(null),
  });

/** Populations that are often around the threshold: a few teams of a handful of people. */
const populationArb = fc.tuple(
  fc.array(reportArb('2026-W45'), { minLength: 0, maxLength: 70 }),
  fc.array(reportArb('2026-W46'), { minLength: 0, maxLength: 70 }),
  fc.array(reportArb('2026-W47'), { minLength: 0, maxLength: 70 }),
);

// --- Domain knowledge, written independently of compute.ts -------------------------------------------------

type Metric = string;
const BINARY: { metric: Metric; group: Metric; test: (r: StoredReport) => boolean }[] = [
  { metric: 'guideOpenedThisWeek', group: 'reports', test: (r) => r.guideOpenedThisWeek },
  { metric: 'guideOpenedEver', group: 'reports', test: (r) => r.guideOpenedEver },
  { metric: 'charterAcknowledgedElected', group: 'role:elected', test: (r) => r.role === 'elected' && r.charterAcknowledged },
  { metric: 'adoptedAtLeastOne', group: 'reports', test: (r) => r.tipsAdopted.length > 0 },
  ...catalogue.tipIds.map((t) => ({ metric: `tip:${t}`, group: 'reports', test: (r: StoredReport) => r.tipsAdopted.includes(t) })),
  ...catalogue.actions.map((a) => ({
    metric: `action:${a}`,
    group: 'reports',
    test: (r: StoredReport) => r.tipsAdopted.some((t) => catalogue.actionsOfTip.get(t)!.includes(a)),
  })),
  ...catalogue.axes.map((x) => ({
    metric: `axis:${x}`,
    group: 'reports',
    test: (r: StoredReport) =>
      r.tipsAdopted.some((t) => catalogue.actionsOfTip.get(t)!.some((a) => catalogue.axisOfAction.get(a) === x)),
  })),
];
const PARTITION: { metric: Metric; test: (r: StoredReport) => boolean }[] = [
  { metric: 'reports', test: () => true },
  ...REPORT_ROLES.map((role) => ({ metric: `role:${role}`, test: (r: StoredReport) => r.role === role })),
];
const ALL_METRICS = [...PARTITION.map((p) => p.metric), ...BINARY.map((b) => b.metric)];

/** Tips behind each tip-based metric: equal sets give equal counts, which a reader can use. */
function tipSet(metric: Metric): string | undefined {
  if (metric === 'adoptedAtLeastOne') return [...catalogue.tipIds].sort().join();
  if (metric.startsWith('tip:')) return metric.slice(4);
  if (metric.startsWith('action:')) {
    const a = metric.slice(7);
    return catalogue.tipIds.filter((t) => catalogue.actionsOfTip.get(t)!.includes(a)).sort().join();
  }
  if (metric.startsWith('axis:')) {
    const x = Number(metric.slice(5));
    return catalogue.tipIds
      .filter((t) => catalogue.actionsOfTip.get(t)!.some((a) => catalogue.axisOfAction.get(a) === x))
      .sort()
      .join();
  }
  return undefined;
}

/** The figure of a metric in the shape the API returns. */
function pick(f: Figures<Cell>, metric: Metric): Cell {
  if (metric === 'reports') return f.reports;
  if (metric.startsWith('role:')) return f.roles[metric.slice(5) as ReportRole];
  if (metric.startsWith('tip:')) return f.tips[metric.slice(4)]!;
  if (metric.startsWith('action:')) return f.actions[metric.slice(7)]!;
  if (metric.startsWith('axis:')) return f.axes[metric.slice(5)]!;
  return f[metric as 'guideOpenedThisWeek'];
}

/** True counts, by naive recount. Keys: scope|metric, and scope|metric~ for complements. */
function truth(rows: readonly StoredReport[]): Map<string, number> {
  const t = new Map<string, number>();
  const scopes = [ORG, ...TEAMS, 'none'];
  const inScope = (r: StoredReport, s: string): boolean => s === ORG || (s === 'none' ? r.team === null : r.team === s);
  for (const s of scopes) {
    const mine = rows.filter((r) => inScope(r, s));
    for (const p of PARTITION) t.set(`${s}|${p.metric}`, mine.filter(p.test).length);
    for (const b of BINARY) {
      const n = mine.filter(b.test).length;
      t.set(`${s}|${b.metric}`, n);
      t.set(`${s}|${b.metric}~`, t.get(`${s}|${b.group}`)! - n);
    }
  }
  return t;
}

/**
 * What a reader can compute from the published figures of one week, by repeated subtraction. The reader may also
 * know which scopes nobody reported in (a team with no extension, or "no team" when the DSI presets a team for
 * everyone): those start as known zeros.
 */
function attack(published: Map<string, number>, emptyScopes: readonly string[] = []): Map<string, number> {
  const known = new Map(published);
  const scopes = [ORG, ...TEAMS, 'none'];
  for (const s of emptyScopes) {
    for (const m of ALL_METRICS) known.set(`${s}|${m}`, 0);
    for (const b of BINARY) known.set(`${s}|${b.metric}~`, 0);
  }
  const equations: { total: string; parts: string[] }[] = [];
  for (const s of scopes) {
    equations.push({ total: `${s}|reports`, parts: REPORT_ROLES.map((r) => `${s}|role:${r}`) });
    for (const b of BINARY) equations.push({ total: `${s}|${b.group}`, parts: [`${s}|${b.metric}`, `${s}|${b.metric}~`] });
  }
  for (const m of ALL_METRICS) {
    equations.push({ total: `${ORG}|${m}`, parts: [...TEAMS, 'none'].map((s) => `${s}|${m}`) });
  }
  for (const b of BINARY) {
    equations.push({ total: `${ORG}|${b.metric}~`, parts: [...TEAMS, 'none'].map((s) => `${s}|${b.metric}~`) });
  }
  const bySet = new Map<string, Metric[]>();
  for (const m of ALL_METRICS) {
    const k = tipSet(m);
    if (k !== undefined) bySet.set(k, [...(bySet.get(k) ?? []), m]);
  }
  for (const same of bySet.values()) {
    for (const other of same.slice(1)) for (const s of scopes) equations.push({ total: `${s}|${same[0]}`, parts: [`${s}|${other}`] });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, parts } of equations) {
      const unknown = [total, ...parts].filter((k) => !known.has(k));
      if (unknown.length !== 1) continue;
      const [x] = unknown as [string];
      const sumParts = parts.reduce((acc, p) => acc + (p === x ? 0 : known.get(p)!), 0);
      known.set(x, x === total ? sumParts : known.get(total)! - sumParts);
      changed = true;
    }
  }
  return known;
}

describe('suppression on random populations', () => {
  it('returns no number from fewer than 5 reports, and no hidden or small cell can be recomputed', () => {
    fc.assert(
      fc.property(populationArb, (weeks) => {
        const tables = weeks.map((rows, i) => computeWeekTable(`2026-W4${5 + i}`, rows, catalogue));
        weeks.forEach((rows, i) => {
          const t = truth(rows);
          const published = new Map<string, number>();
          const hidden: string[] = [];
          for (const scope of [ORG, ...TEAMS]) {
            const f = weekFigures(tables[i]!, catalogue, scope);
            for (const m of ALL_METRICS) {
              const c = pick(f, m);
              const key = `${scope}|${m}`;
              if (c.value === null) {
                expect(c.suppressed).toBe(true); // null always carries the marker, and 0 is never returned
                hidden.push(key);
                continue;
              }
              // A published number is the true count, from at least 5 reports, and so is its complement.
              expect(c.value).toBe(t.get(key));
              expect(c.value).toBeGreaterThanOrEqual(MIN_REPORTS);
              if (t.has(`${key}~`)) expect(t.get(`${key}~`)).toBeGreaterThanOrEqual(MIN_REPORTS);
              published.set(key, c.value);
            }
            // Rates are only given when both counts are.
            for (const [rate, group] of [['guideOpenedThisWeek', 'reports'], ['adoptedAtLeastOne', 'reports'], ['charterAcknowledgedElected', 'role:elected']] as const) {
              const shown = f.rates[rate].value !== null;
              expect(shown).toBe(published.has(`${scope}|${rate}`) && published.has(`${scope}|${group}`));
            }
          }
          const empty = [ORG, ...TEAMS, 'none'].filter((s) => t.get(`${s}|reports`) === 0);
          const ofEmpty = (key: string): boolean => empty.includes(key.slice(0, key.indexOf('|')));
          const learnt = attack(published, empty);
          for (const key of hidden) {
            if (!ofEmpty(key)) expect(learnt.has(key), `hidden ${key} recomputed`).toBe(false);
          }
          for (const [key, value] of learnt) {
            if (ofEmpty(key)) continue; // zeros of a scope nobody is in: they describe nobody
            // Anything the reader computes (the rest without a team, a complement...) rests on 5 reports or more.
            expect(value, `${key} computed by subtraction`).toBe(t.get(key));
            expect(value, `${key} computed by subtraction`).toBeGreaterThanOrEqual(MIN_REPORTS);
          }
        });

        // Period: exactly the sum of the visible weeks, so "period minus visible weeks" leaves nothing hidden.
        for (const scope of [ORG, ...TEAMS]) {
          const period = periodFigures(tables, catalogue, scope, '2026-W45', '2026-W47');
          const perWeek = tables.map((tb) => weekFigures(tb, catalogue, scope));
          for (const m of ALL_METRICS) {
            const p = pick(period as unknown as Figures<Cell>, m) as Cell & { weeksHidden: number };
            const visible = perWeek.map((w) => pick(w, m).value).filter((v): v is number => v !== null);
            const sum = visible.reduce((a, b) => a + b, 0);
            expect(p.value).toBe(visible.length === 0 ? null : sum);
            expect(p.weeksHidden).toBe(3 - visible.length);
          }
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  }, 120_000);

  it('the attacker is not blind: on counts hidden by the primary rule only, it recovers a small one', () => {
    // 12 reports in one team, 9 of which opened the guide: 12 and 9 are both >= 5, but "3 did not" follows.
    const rows = Array.from({ length: 12 }, (_, i) => ({
      reportId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      week: '2026-W47',
      role: 'agent' as const,
      team: 'aa',
      activeDays: 3,
      guideOpenedThisWeek: i < 9,
      guideOpenedEver: true,
      charterAcknowledged: false,
      tipsShown: 0,
      tipsAdopted: [],
      weightBand: null,
    }));
    const t = truth(rows);
    const primaryOnly = new Map([...t].filter(([k, v]) => !k.endsWith('~') && !k.startsWith('none|') && v >= MIN_REPORTS));
    expect(attack(primaryOnly).get('aa|guideOpenedThisWeek~')).toBe(3);
    // The real computation hides one more cell (nobody being without a team, the team's figures are the org's).
    const f = weekFigures(computeWeekTable('2026-W47', rows, catalogue), catalogue, 'aa');
    expect(f.reports.value).toBe(12);
    expect(f.guideOpenedThisWeek.value).toBeNull();
  });

  it('the same week gives the same pattern whatever the order the reports arrived in', () => {
    fc.assert(
      fc.property(fc.array(reportArb('2026-W47'), { maxLength: 60 }), (rows) => {
        const a = computeWeekTable('2026-W47', rows, catalogue).published;
        const b = computeWeekTable('2026-W47', [...rows].reverse(), catalogue).published;
        expect([...b]).toEqual([...a]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('suppressSmallCounts', () => {
  const cells = (values: Record<string, number>, latent: string[] = []): CountCell[] =>
    Object.entries(values).map(([id, value]) => ({ id, value, latent: latent.includes(id) }));

  it('hides a second team when one is hidden and the total is shown', () => {
    const { hidden, complementary } = suppressSmallCounts(cells({ total: 40, a: 20, b: 17, c: 3 }), [
      { total: 'total', parts: ['a', 'b', 'c'] },
    ]);
    expect([...hidden].sort()).toEqual(['b', 'c']);
    expect(complementary).toBe(1);
  });

  it('hides more when the hidden cells would add up to fewer than 5', () => {
    const { hidden } = suppressSmallCounts(cells({ total: 30, a: 20, b: 6, c: 2, d: 2 }), [
      { total: 'total', parts: ['a', 'b', 'c', 'd'] },
    ]);
    expect([...hidden].sort()).toEqual(['b', 'c', 'd']);
  });

  it('protects a latent cell (the complement of a count)', () => {
    // 12 of 14 opened the guide: 12 is enough, but "2 did not" is not.
    const { hidden } = suppressSmallCounts(cells({ n: 14, opened: 12, notOpened: 2 }, ['notOpened']), [
      { total: 'n', parts: ['opened', 'notOpened'] },
    ]);
    expect([...hidden]).toEqual(['opened']);
  });

  it('follows chains: a cell derived in one relation cannot reveal a small one in the next', () => {
    const relations: Relation[] = [
      { total: 'org', parts: ['a', 'b', 'rest'] },
      { total: 'rest', parts: ['x', 'y'] },
    ];
    // rest = org - a - b = 9; x = 7 is published, so y = 2 would follow: x must go.
    const { hidden } = suppressSmallCounts(cells({ org: 50, a: 21, b: 20, rest: 9, x: 7, y: 2 }, ['rest']), relations);
    expect(hidden.has('y')).toBe(true);
    expect(hidden.has('x')).toBe(true);
  });

  it('never accepts a threshold below 5', () => {
    expect(() => suppressSmallCounts([], [], 3)).toThrow();
  });
});
