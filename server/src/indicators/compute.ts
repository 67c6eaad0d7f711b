/**
 * Axis 1 indicators from stored weekly reports, with every breakdown protected by the suppression rule.
 *
 * How a week is computed: every figure of the week is a cell "scope | metric" (scope: the whole organisation, one
 * team, or the latent "no team"; metric: reports, a role, the guide, the charter, a tip, an action, an axis...).
 * The relations a reader could subtract along are declared for the suppression module:
 *   - organisation = sum of the teams + reports without a team (latent), for every metric and its complement;
 *   - reports of a scope = sum of its four roles;
 *   - a count + its complement (latent) = its group (the scope's reports, or its elected officials);
 *   - two metrics made of exactly the same tips (an action with a single tip) are equal.
 * The pattern depends only on that week's reports, never on the query: asking for other weeks or another team
 * cannot change which cells of a week are hidden, so comparing two answers reveals nothing more than each one.
 *
 * Period figures are sums of the *published* weekly cells only (the weeks where a cell is hidden are left out of
 * that cell's period sum, and counted in `weeksHidden`). A period total that included hidden weeks would give
 * them back by subtraction: "period minus the visible weeks", or the same period asked with one week less.
 */
import { REPORT_ROLES, type ReportRole } from '../../../lib/report/payload';
import { MIN_REPORTS, suppressSmallCounts, type CountCell, type Relation } from '../privacy/suppression';
import type { StoredReport } from '../store/types';
import type { Catalogue } from './catalogue';

export type Cell = { value: number; suppressed?: undefined } | { value: null; suppressed: true };
export type PeriodCell = Cell & { weeksHidden: number };
export type Rate = { value: number; suppressed?: undefined } | { value: null; suppressed: true };

export interface Figures<C> {
  /** Reports received: one per active install and week. */
  reports: C;
  roles: Record<ReportRole, C>;
  guideOpenedThisWeek: C;
  guideOpenedEver: C;
  /** Elected officials (role "elected") who acknowledged the charter. */
  charterAcknowledgedElected: C;
  /** Reports with at least one tip adopted. */
  adoptedAtLeastOne: C;
  rates: {
    guideOpenedThisWeek: Rate;
    guideOpenedEver: Rate;
    charterAcknowledgedElected: Rate;
    adoptedAtLeastOne: Rate;
  };
  /** Reports that adopted the tip, per tip id. */
  tips: Record<string, C>;
  /** Reports that adopted at least one tip of the strategy action, per action number ("01".."60"). */
  actions: Record<string, C>;
  /** Reports that adopted at least one tip of the axis, per axis number. */
  axes: Record<string, C>;
}

export type WeekFigures = { week: string } & Figures<Cell>;
export type PeriodFigures = { from: string; to: string; weeks: number } & Figures<PeriodCell>;

export const ORG = 'org';
const NO_TEAM = 'none';
const teamScope = (team: string): string => `team:${team}`;

interface MetricDef {
  id: string;
  /** Metric of the group this one is a subset of (its complement is latent); undefined for reports and roles. */
  group?: string;
  /** Sorted tip ids the metric is made of, for tip-based metrics (equal sets mean equal counts). */
  tipSet?: string;
}

/** Metric ids and how each report contributes, for a catalogue. */
class MetricSet {
  readonly defs: MetricDef[] = [];
  private readonly tipMetrics = new Map<string, string[]>(); // tip id -> action/axis metric ids

  constructor(readonly catalogue: Catalogue) {
    const add = (d: MetricDef): void => void this.defs.push(d);
    add({ id: 'reports' });
    for (const role of REPORT_ROLES) add({ id: `role:${role}` });
    add({ id: 'guideOpenedThisWeek', group: 'reports' });
    add({ id: 'guideOpenedEver', group: 'reports' });
    add({ id: 'charterAcknowledgedElected', group: 'role:elected' });
    add({ id: 'adoptedAtLeastOne', group: 'reports', tipSet: [...catalogue.tipIds].sort().join(' ') });
    for (const tip of catalogue.tipIds) add({ id: `tip:${tip}`, group: 'reports', tipSet: tip });
    const tipsOfAction = new Map<string, string[]>();
    const tipsOfAxis = new Map<number, string[]>();
    for (const tip of catalogue.tipIds) {
      const metrics: string[] = [];
      for (const action of catalogue.actionsOfTip.get(tip) ?? []) {
        metrics.push(`action:${action}`);
        tipsOfAction.set(action, [...(tipsOfAction.get(action) ?? []), tip]);
        const axis = catalogue.axisOfAction.get(action)!;
        const axisTips = tipsOfAxis.get(axis) ?? [];
        if (!axisTips.includes(tip)) axisTips.push(tip);
        tipsOfAxis.set(axis, axisTips);
        if (!metrics.includes(`axis:${axis}`)) metrics.push(`axis:${axis}`);
      }
      this.tipMetrics.set(tip, metrics);
    }
    for (const action of catalogue.actions) {
      add({ id: `action:${action}`, group: 'reports', tipSet: [...tipsOfAction.get(action)!].sort().join(' ') });
    }
    for (const axis of catalogue.axes) {
      add({ id: `axis:${axis}`, group: 'reports', tipSet: [...tipsOfAxis.get(axis)!].sort().join(' ') });
    }
  }

  /** Metric ids a report counts for. */
  metricsOf(r: StoredReport): string[] {
    const out = ['reports', `role:${r.role}`];
    if (r.guideOpenedThisWeek) out.push('guideOpenedThisWeek');
    if (r.guideOpenedEver) out.push('guideOpenedEver');
    if (r.role === 'elected' && r.charterAcknowledged) out.push('charterAcknowledgedElected');
    const derived = new Set<string>();
    let adopted = false;
    for (const tip of r.tipsAdopted) {
      const metrics = this.tipMetrics.get(tip);
      if (!metrics) continue; // not in the catalogue any more: counts for nothing
      adopted = true;
      out.push(`tip:${tip}`);
      for (const m of metrics) derived.add(m);
    }
    if (adopted) out.push('adoptedAtLeastOne');
    out.push(...derived);
    return out;
  }
}

/** One week's published counts: null where suppressed. Teams absent from the week have no cells (all hidden). */
export interface WeekTable {
  week: string;
  reportCount: number;
  published: ReadonlyMap<string, number | null>;
}

const cellId = (scope: string, metric: string): string => `${scope}|${metric}`;

export function computeWeekTable(
  week: string,
  rows: readonly StoredReport[],
  catalogue: Catalogue,
  threshold = MIN_REPORTS,
): WeekTable {
  const metrics = new MetricSet(catalogue);
  const teams = [...new Set(rows.map((r) => r.team).filter((t): t is string => t !== null))].sort();
  // A scope nobody reported in has no cells at all, "no team" included: its figures describe nobody, and a reader
  // may well know it is empty (the DSI presets a team for everyone), so it is modelled as known zeros rather than
  // as a small hidden cell, which would otherwise force hiding a whole team for nothing.
  const anyWithoutTeam = rows.some((r) => r.team === null);
  const scopes = [ORG, ...teams.map(teamScope), ...(anyWithoutTeam ? [NO_TEAM] : [])];
  const counts = new Map<string, number>();
  for (const s of scopes) for (const m of metrics.defs) counts.set(cellId(s, m.id), 0);
  for (const r of rows) {
    const own = r.team === null ? NO_TEAM : teamScope(r.team);
    for (const m of metrics.metricsOf(r)) {
      for (const s of [ORG, own]) {
        const id = cellId(s, m);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }

  const cells: CountCell[] = [];
  const relations: Relation[] = [];
  for (const s of scopes) {
    for (const m of metrics.defs) {
      const id = cellId(s, m.id);
      const value = counts.get(id)!;
      cells.push({ id, value, latent: s === NO_TEAM });
      if (m.group) {
        // The complement ("reports that did not ...") is never published, but a reader can subtract for it.
        const groupValue = counts.get(cellId(s, m.group))!;
        cells.push({ id: `${id}~`, value: groupValue - value, latent: true });
        relations.push({ total: cellId(s, m.group), parts: [id, `${id}~`] });
      }
    }
    relations.push({ total: cellId(s, 'reports'), parts: REPORT_ROLES.map((r) => cellId(s, `role:${r}`)) });
  }
  const teamParts = scopes.slice(1);
  for (const m of metrics.defs) {
    if (teamParts.length === 0) break; // no report at all: every cell is hidden and relates to nothing
    relations.push({ total: cellId(ORG, m.id), parts: teamParts.map((s) => cellId(s, m.id)) });
    if (m.group) relations.push({ total: `${cellId(ORG, m.id)}~`, parts: teamParts.map((s) => `${cellId(s, m.id)}~`) });
  }
  const byTipSet = new Map<string, string[]>();
  for (const m of metrics.defs) {
    if (m.tipSet === undefined) continue;
    byTipSet.set(m.tipSet, [...(byTipSet.get(m.tipSet) ?? []), m.id]);
  }
  for (const same of byTipSet.values()) {
    for (const other of same.slice(1)) {
      for (const s of scopes) relations.push({ total: cellId(s, same[0]!), parts: [cellId(s, other)] });
    }
  }

  const { hidden } = suppressSmallCounts(cells, relations, threshold);
  const published = new Map<string, number | null>();
  for (const c of cells) {
    if (c.latent) continue;
    published.set(c.id, hidden.has(c.id) ? null : c.value);
  }
  return { week, reportCount: rows.length, published };
}

/** Teams that have cells in the week (teams with at least one report). */
export function teamsOf(table: WeekTable): string[] {
  const out = new Set<string>();
  for (const id of table.published.keys()) {
    if (id.startsWith('team:')) out.add(id.slice(5, id.indexOf('|')));
  }
  return [...out].sort();
}

const SUPPRESSED: Cell = { value: null, suppressed: true };
const cellOf = (v: number | null | undefined): Cell => (v === null || v === undefined ? SUPPRESSED : { value: v });

function rateOf(num: number | null | undefined, den: number | null | undefined): Rate {
  if (num === null || num === undefined || den === null || den === undefined || den === 0) return SUPPRESSED;
  return { value: Math.round((num / den) * 10_000) / 10_000 };
}

const RATE_GROUPS = {
  guideOpenedThisWeek: 'reports',
  guideOpenedEver: 'reports',
  charterAcknowledgedElected: 'role:elected',
  adoptedAtLeastOne: 'reports',
} as const;

function shape<C>(catalogue: Catalogue, get: (metric: string) => C, rates: Figures<C>['rates']): Figures<C> {
  const roles = {} as Record<ReportRole, C>;
  for (const r of REPORT_ROLES) roles[r] = get(`role:${r}`);
  return {
    reports: get('reports'),
    roles,
    guideOpenedThisWeek: get('guideOpenedThisWeek'),
    guideOpenedEver: get('guideOpenedEver'),
    charterAcknowledgedElected: get('charterAcknowledgedElected'),
    adoptedAtLeastOne: get('adoptedAtLeastOne'),
    rates,
    tips: Object.fromEntries(catalogue.tipIds.map((t) => [t, get(`tip:${t}`)])),
    actions: Object.fromEntries(catalogue.actions.map((a) => [a, get(`action:${a}`)])),
    axes: Object.fromEntries(catalogue.axes.map((x) => [String(x), get(`axis:${x}`)])),
  };
}

/** The published figures of one scope ("org" or a team code) for one week. */
export function weekFigures(table: WeekTable, catalogue: Catalogue, scope: string): WeekFigures {
  const s = scope === ORG ? ORG : teamScope(scope);
  const raw = (m: string): number | null | undefined => table.published.get(cellId(s, m));
  const rates = Object.fromEntries(
    Object.entries(RATE_GROUPS).map(([m, g]) => [m, rateOf(raw(m), raw(g))]),
  ) as Figures<Cell>['rates'];
  return { week: table.week, ...shape(catalogue, (m) => cellOf(raw(m)), rates) };
}

/** Period figures: sums of the published weekly cells; hidden weeks are left out and counted. */
export function periodFigures(
  weeks: readonly WeekTable[],
  catalogue: Catalogue,
  scope: string,
  from: string,
  to: string,
): PeriodFigures {
  const s = scope === ORG ? ORG : teamScope(scope);
  const raw = (t: WeekTable, m: string): number | null => t.published.get(cellId(s, m)) ?? null;
  const get = (m: string): PeriodCell => {
    let sum = 0;
    let shown = 0;
    for (const t of weeks) {
      const v = raw(t, m);
      if (v !== null) {
        sum += v;
        shown += 1;
      }
    }
    const weeksHidden = weeks.length - shown;
    return shown === 0 ? { value: null, suppressed: true, weeksHidden } : { value: sum, weeksHidden };
  };
  const rates = {} as Record<keyof typeof RATE_GROUPS, Rate>;
  for (const [m, g] of Object.entries(RATE_GROUPS) as [keyof typeof RATE_GROUPS, string][]) {
    // Only weeks where both counts are published, so the rate is made of visible figures.
    let num = 0;
    let den = 0;
    for (const t of weeks) {
      const n = raw(t, m);
      const d = raw(t, g);
      if (n !== null && d !== null) {
        num += n;
        den += d;
      }
    }
    rates[m] = den === 0 ? SUPPRESSED : rateOf(num, den);
  }
  return { from, to, weeks: weeks.length, ...shape(catalogue, get, rates) };
}
