/**
 * Reads reports week by week, computes the protected tables, and shapes the answers of /v1/indicators and
 * /v1/teams/{team}/summary.
 *
 * Only closed weeks are published: a week is shown once `publishLagWeeks` weeks have begun after it (default 2:
 * week W appears when W+2 starts, after W+1, the week extensions send W's report in). A week still filling up
 * would let someone who looks every day see one report arrive and attribute it.
 */
import type { AwarenessAction, Store } from '../store/types';
import { addWeeks, weekOfDate, weekOrdinal, weekRange } from '../weeks';
import type { Catalogue } from './catalogue';
import {
  computeWeekTable,
  periodFigures,
  weekFigures,
  ORG,
  type Cell,
  type PeriodCell,
  type PeriodFigures,
  type Rate,
  type WeekFigures,
  type WeekTable,
} from './compute';
import { MIN_REPORTS } from '../privacy/suppression';

export interface AwarenessTotals {
  count: number;
  attendees: number;
}

export interface IndicatorsAnswer {
  from: string;
  to: string;
  /** Last week whose figures are published; later weeks of the range are absent. */
  publishedThrough: string;
  /** The smallest number of reports any published figure is computed from. */
  threshold: number;
  weeks: (WeekFigures & { awarenessActions: AwarenessTotals })[];
  period: PeriodFigures & { awarenessActions: AwarenessTotals };
  awarenessActions: AwarenessAction[];
}

export interface TeamSummaryAnswer {
  team: string;
  publishedThrough: string;
  threshold: number;
  weeks: WeekFigures[];
  period: PeriodFigures;
}

export const MAX_RANGE_WEEKS = 160;

export class IndicatorService {
  /** Tables by week, reused while the week's report count is unchanged (reports are only ever added). */
  private readonly cache = new Map<string, WeekTable>();

  constructor(
    private readonly store: Store,
    private readonly catalogue: Catalogue,
    private readonly now: () => Date,
    private readonly publishLagWeeks = 2,
  ) {}

  publishedThrough(): string {
    return addWeeks(weekOfDate(this.now()), -this.publishLagWeeks);
  }

  private async tables(from: string, to: string): Promise<WeekTable[]> {
    const weeks = weekRange(from, to);
    if (weeks.length === 0) return [];
    const counts = await this.store.weekCounts(from, to);
    const out: WeekTable[] = [];
    for (const week of weeks) {
      const n = counts.get(week) ?? 0;
      let table = this.cache.get(week);
      if (!table || table.reportCount !== n) {
        const rows = n === 0 ? [] : await this.store.reportsOfWeek(week);
        table = computeWeekTable(week, rows, this.catalogue, MIN_REPORTS);
        this.cache.delete(week);
        this.cache.set(week, table);
        if (this.cache.size > 2 * MAX_RANGE_WEEKS) this.cache.delete(this.cache.keys().next().value!);
      }
      out.push(table);
    }
    return out;
  }

  /** Clips [from, to] to the published weeks; null when nothing of it is published yet. */
  private clip(from: string, to: string): { from: string; to: string } | null {
    const last = this.publishedThrough();
    const clippedTo = weekOrdinal(to) > weekOrdinal(last) ? last : to;
    return weekOrdinal(from) > weekOrdinal(clippedTo) ? null : { from, to: clippedTo };
  }

  async indicators(from: string, to: string): Promise<IndicatorsAnswer> {
    const range = this.clip(from, to);
    const tables = range ? await this.tables(range.from, range.to) : [];
    const actions = await this.store.awarenessActions(from, to);
    const totals = (list: AwarenessAction[]): AwarenessTotals => ({
      count: list.length,
      attendees: list.reduce((s, a) => s + a.attendees, 0),
    });
    return {
      from,
      to,
      publishedThrough: this.publishedThrough(),
      threshold: MIN_REPORTS,
      weeks: tables.map((t) => ({
        ...weekFigures(t, this.catalogue, ORG),
        awarenessActions: totals(actions.filter((a) => a.week === t.week)),
      })),
      period: {
        ...periodFigures(tables, this.catalogue, ORG, from, range?.to ?? to),
        awarenessActions: totals(actions),
      },
      awarenessActions: actions,
    };
  }

  async teamSummary(team: string, weeks: number): Promise<TeamSummaryAnswer> {
    const to = this.publishedThrough();
    const from = addWeeks(to, -(weeks - 1));
    const tables = await this.tables(from, to);
    return {
      team,
      publishedThrough: to,
      threshold: MIN_REPORTS,
      weeks: tables.map((t) => weekFigures(t, this.catalogue, team)),
      period: periodFigures(tables, this.catalogue, team, from, to),
    };
  }
}

/** One CSV line per figure ("long" layout: easy to pivot in a spreadsheet for the annual report, action 59). */
export function indicatorsCsv(answer: IndicatorsAnswer): string {
  const lines = ['week,indicator,key,value,suppressed'];
  const push = (week: string, indicator: string, key: string, c: Cell | PeriodCell | Rate | number): void => {
    if (typeof c === 'number') lines.push(`${week},${indicator},${key},${c},false`);
    else lines.push(`${week},${indicator},${key},${c.value ?? ''},${c.suppressed === true}`);
  };
  const figures = (label: string, f: WeekFigures | PeriodFigures, awareness: AwarenessTotals): void => {
    push(label, 'reports', '', f.reports);
    for (const [role, c] of Object.entries(f.roles)) push(label, 'role', role, c);
    push(label, 'guide_opened_this_week', '', f.guideOpenedThisWeek);
    push(label, 'guide_opened_this_week_rate', '', f.rates.guideOpenedThisWeek);
    push(label, 'guide_opened_ever', '', f.guideOpenedEver);
    push(label, 'guide_opened_ever_rate', '', f.rates.guideOpenedEver);
    push(label, 'charter_acknowledged_elected', '', f.charterAcknowledgedElected);
    push(label, 'charter_acknowledged_elected_rate', '', f.rates.charterAcknowledgedElected);
    push(label, 'ambassadors', '', f.roles.ambassador);
    push(label, 'adopted_at_least_one', '', f.adoptedAtLeastOne);
    push(label, 'adopted_at_least_one_share', '', f.rates.adoptedAtLeastOne);
    for (const [tip, c] of Object.entries(f.tips)) push(label, 'tip', tip, c);
    for (const [action, c] of Object.entries(f.actions)) push(label, 'action', action, c);
    for (const [axis, c] of Object.entries(f.axes)) push(label, 'axis', axis, c);
    push(label, 'awareness_actions', '', awareness.count);
    push(label, 'awareness_attendees', '', awareness.attendees);
  };
  for (const w of answer.weeks) figures(w.week, w, w.awarenessActions);
  figures(`${answer.period.from}..${answer.period.to}`, answer.period, answer.period.awarenessActions);
  return `${lines.join('\r\n')}\r\n`;
}
