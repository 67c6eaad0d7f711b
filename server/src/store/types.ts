/**
 * One storage interface for the collector, implemented on SQLite (embedded default) and PostgreSQL.
 * What is stored is exactly the weekly report's fields: no IP address, no user agent, no receipt time (the only
 * time is the ISO week the report is about).
 */
import type { ReportRole, WeightBand } from '../../../lib/report/payload';

export interface StoredReport {
  reportId: string;
  week: string;
  role: ReportRole;
  team: string | null;
  activeDays: number;
  guideOpenedThisWeek: boolean;
  guideOpenedEver: boolean;
  charterAcknowledged: boolean;
  tipsShown: number;
  tipsAdopted: string[];
  weightBand: WeightBand | null;
}

export const AWARENESS_KINDS = ['training', 'workshop', 'awareness-session', 'e-learning', 'other'] as const;
export const AWARENESS_AUDIENCES = ['agents', 'elected', 'ambassadors', 'webmasters', 'mixed'] as const;

export interface AwarenessActionInput {
  /** Day of the session, YYYY-MM-DD: an organised event, not anybody's activity, so the day is kept. */
  date: string;
  kind: (typeof AWARENESS_KINDS)[number];
  audience: (typeof AWARENESS_AUDIENCES)[number];
  attendees: number;
  team?: string;
}

export interface AwarenessAction extends Required<Omit<AwarenessActionInput, 'team'>> {
  id: number;
  week: string;
  team: string | null;
}

export type TokenKind = 'enrollment' | 'admin' | 'team';

export interface TokenRecord {
  id: number;
  kind: TokenKind;
  /** Set for team tokens only. */
  team: string | null;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  hash: string;
}

export type InsertOutcome = 'stored' | 'duplicate';

export interface Store {
  readonly dialect: 'sqlite' | 'pg';
  /** Applies the numbered migrations not applied yet; safe to call at every start. */
  migrate(): Promise<void>;
  /** Idempotent on reportId: a second report with the same id changes nothing. */
  insertReport(report: StoredReport): Promise<InsertOutcome>;
  /** Reports per week for weeks in [from, to] (weeks absent have no entry). Cheap: used to refresh caches. */
  weekCounts(from: string, to: string): Promise<Map<string, number>>;
  reportsOfWeek(week: string): Promise<StoredReport[]>;
  /** Every stored report, oldest week first: for tests and exports, not for the request path. */
  allReports(): Promise<StoredReport[]>;
  /** Deletes the reports of weeks before `week` (retention); returns how many. */
  purgeReportsBefore(week: string): Promise<number>;
  insertAwarenessAction(action: AwarenessActionInput & { week: string }): Promise<AwarenessAction>;
  awarenessActions(from: string, to: string): Promise<AwarenessAction[]>;
  insertToken(token: { kind: TokenKind; team: string | null; hash: string; week: string }): Promise<void>;
  /** Revokes (deletes) the tokens of a kind, and of a team for team tokens; returns how many. */
  revokeTokens(kind: TokenKind, team: string | null): Promise<number>;
  tokens(): Promise<TokenRecord[]>;
  close(): Promise<void>;
}
