/*
 * Builds the weekly report on the device, from the local counts and nothing else: the tip counters of the week
 * (lib/tips/state), the role and team code of the settings, and the report's own counters (days with a measured
 * page, the band of the week's transfer weight). Every field of WeeklyReport is filled here and no other; the
 * result is checked against the contract (findReportProblem) before the caller queues it.
 */
import type { TipState } from '../tips/state';
import type { WeekCounter } from './counters';
import {
  findReportProblem,
  MAX_TIPS_ADOPTED,
  MAX_TIPS_SHOWN,
  REPORT_ROLES,
  REPORT_SCHEMA_VERSION,
  TEAM_PATTERN,
  weightBandOf,
  type ReportRole,
  type WeeklyReport,
} from './payload';
import { dayInWeek, type WeekKey } from './week';
import { isoWeek } from '../tips/week';

const TEAM_RE = new RegExp(TEAM_PATTERN);

/**
 * How the settings' team code goes into a report. The settings accept letters, digits, "-" and "_" (1 to 32
 * characters, any case); the report's contract accepts only 2 to 32 characters among a-z, 0-9 and "-". A code is
 * lowercased and its "_" become "-" ("DSI_Web" is sent as "dsi-web"); a code that still does not fit (a single
 * character) is left out of the report, which then counts in the organisation's totals only. The options page
 * says which case applies.
 */
export type TeamMapping =
  | { kind: 'none' }
  | { kind: 'same'; team: string }
  | { kind: 'mapped'; code: string; team: string }
  | { kind: 'unfit'; code: string };

export function teamForReport(code: string): TeamMapping {
  const trimmed = code.trim();
  if (trimmed === '') return { kind: 'none' };
  const team = trimmed.toLowerCase().replace(/_/g, '-');
  if (!TEAM_RE.test(team)) return { kind: 'unfit', code: trimmed };
  return team === trimmed ? { kind: 'same', team } : { kind: 'mapped', code: trimmed, team };
}

export interface BuildInput {
  week: WeekKey;
  reportId: string;
  role: string;
  teamCode: string;
  tips: TipState;
  /** The report's own counter for that week; absent when reporting was not on then (no weight band is sent). */
  counter: WeekCounter | undefined;
  /** Tips the collector knows (the catalogue): an id it does not know would have the whole report refused. */
  isKnownTip: (id: string) => boolean;
}

/** Whether anything happened in `week`: no report is built for a week the extension did not see at all. */
export function hadActivity(week: WeekKey, tips: TipState, counter: WeekCounter | undefined): boolean {
  if (counter && (counter.days.length > 0 || counter.bytes > 0)) return true;
  if (tips.weekly[week]) return true;
  return tips.activeDays.some((day) => dayInWeek(day, week));
}

function everBy(day: string | undefined, week: WeekKey): boolean {
  return day !== undefined && isoWeek(day) <= week;
}

export function buildReport(input: BuildInput): WeeklyReport {
  const { week, tips, counter } = input;
  const counters = tips.weekly[week];
  const role: ReportRole = (REPORT_ROLES as readonly string[]).includes(input.role) ? (input.role as ReportRole) : 'agent';
  const mapping = teamForReport(input.teamCode);
  // As the contract defines it: days on which the extension measured at least one page, from the report's own
  // counter (kept only while reporting is on, so nothing from before the person agreed is counted).
  const days = new Set<string>((counter?.days ?? []).filter((day) => dayInWeek(day, week)));
  const adopted = [...new Set(counters?.tipsAdopted ?? [])].filter(input.isKnownTip).slice(0, MAX_TIPS_ADOPTED);
  const charterEver =
    everBy(tips.charterAcknowledgedAt, week) ||
    Object.entries(tips.weekly).some(([w, c]) => w <= week && c.charterAcknowledged);
  const report: WeeklyReport = {
    schema: REPORT_SCHEMA_VERSION,
    reportId: input.reportId,
    week,
    role,
    ...(mapping.kind === 'same' || mapping.kind === 'mapped' ? { team: mapping.team } : {}),
    activeDays: Math.min(7, days.size),
    guideOpenedThisWeek: counters?.guideOpened === true,
    guideOpenedEver: counters?.guideOpened === true || everBy(tips.guideOpenedAt, week),
    charterAcknowledged: charterEver,
    tipsShown: Math.min(MAX_TIPS_SHOWN, Math.max(0, Math.floor(counters?.tipsShown ?? 0))),
    tipsAdopted: adopted,
    ...(counter ? { weightBand: weightBandOf(counter.bytes) } : {}),
  };
  const problem = findReportProblem(report);
  if (problem) throw new Error(`built an invalid report: ${problem.field} ${problem.message}`);
  return report;
}
