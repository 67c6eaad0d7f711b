/*
 * The ambassadors' team summary ("Mon équipe"): fetched from the collector with the team token, read as untrusted
 * input. The collector already hides every figure computed from fewer than 5 reports ({ value: null,
 * suppressed: true }); the dashboard shows such a cell as "fewer than 5", never as 0.
 */

export type Cell = { value: number } | { value: null; suppressed: true };

export interface TeamWeek {
  week: string;
  reports: Cell;
  guideOpenedThisWeek: Cell;
  adoptedAtLeastOne: Cell;
  /** Per tip id. */
  tips: Record<string, Cell>;
}

export interface TeamSummary {
  team: string;
  publishedThrough: string;
  /** The smallest number of reports a published figure comes from (5). */
  threshold: number;
  weeks: TeamWeek[];
  period: { from: string; to: string; reports: Cell; adoptedAtLeastOne: Cell; tips: Record<string, Cell> };
}

export type TeamSummaryResult =
  | { kind: 'ok'; summary: TeamSummary }
  /** No collector, no team token or no team code: the section explains what is missing. */
  | { kind: 'unavailable'; reason: 'not-configured' | 'no-token' | 'no-team' }
  | { kind: 'failed'; reason: 'network' | 'unauthorized' | 'forbidden' | 'server' | 'invalid-answer'; status?: number };

function cell(raw: unknown): Cell | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const c = raw as { value?: unknown; suppressed?: unknown };
  if (c.value === null && c.suppressed === true) return { value: null, suppressed: true };
  if (typeof c.value === 'number' && Number.isFinite(c.value) && c.value >= 0) return { value: c.value };
  return undefined;
}

function cells(raw: unknown): Record<string, Cell> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const out: Record<string, Cell> = {};
  for (const [key, value] of Object.entries(raw)) {
    const c = cell(value);
    if (!c) return undefined;
    out[key] = c;
  }
  return out;
}

const WEEK = /^\d{4}-W\d{2}$/;

/** The collector's answer as a TeamSummary, or undefined when it is not one. */
export function parseTeamSummary(raw: unknown): TeamSummary | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = raw as Record<string, unknown>;
  if (typeof value.team !== 'string' || typeof value.publishedThrough !== 'string' || typeof value.threshold !== 'number') return undefined;
  if (!Array.isArray(value.weeks) || value.weeks.length > 104) return undefined;
  const weeks: TeamWeek[] = [];
  for (const w of value.weeks as unknown[]) {
    const week = w as Record<string, unknown>;
    if (typeof week !== 'object' || week === null || typeof week.week !== 'string' || !WEEK.test(week.week)) return undefined;
    const reports = cell(week.reports);
    const guide = cell(week.guideOpenedThisWeek);
    const adopted = cell(week.adoptedAtLeastOne);
    const tips = cells(week.tips);
    if (!reports || !guide || !adopted || !tips) return undefined;
    weeks.push({ week: week.week, reports, guideOpenedThisWeek: guide, adoptedAtLeastOne: adopted, tips });
  }
  const p = value.period as Record<string, unknown> | undefined;
  if (typeof p !== 'object' || p === null || typeof p.from !== 'string' || typeof p.to !== 'string') return undefined;
  const reports = cell(p.reports);
  const adopted = cell(p.adoptedAtLeastOne);
  const tips = cells(p.tips);
  if (!reports || !adopted || !tips) return undefined;
  return {
    team: value.team,
    publishedThrough: value.publishedThrough,
    threshold: value.threshold,
    weeks,
    period: { from: p.from, to: p.to, reports, adoptedAtLeastOne: adopted, tips },
  };
}
