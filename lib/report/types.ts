/* What the background tells the extension's pages about reporting (lib/messaging/protocol carries it). */
import type { TeamMapping } from './builder';
import type { ConfigField, PrefsProblem } from './config';
import type { WeeklyReport } from './payload';
import type { ItemStatus } from './queue';

export type { TeamMapping } from './builder';
export type { PrefsChange, PrefsProblem } from './config';
export type { TeamSummary, TeamSummaryResult, TeamWeek, Cell } from './team';

export interface ReportQueueView {
  report: WeeklyReport;
  status: ItemStatus;
  /** When it may first be sent (local time, ms), and when the next attempt is (pending only). */
  dueAt: number;
  nextAttemptAt: number;
  attempts: number;
  lastError?: string;
  sentWeek?: string;
}

export interface ReportStatus {
  /** The report clock (ms): the browser's, or shifted by a test's offset. */
  now: number;
  currentWeek: string;
  config: {
    collectorUrl: string | null;
    enrollmentTokenSet: boolean;
    teamTokenSet: boolean;
    configured: boolean;
    enabled: boolean;
    /** The browser consents (Firefox's data-collection permission; always true in Chromium). */
    consent: boolean;
    /** Configured, enabled and consented: reports are built and sent. */
    active: boolean;
    locked: ConfigField[];
    policyDefault: boolean | undefined;
    chosen: boolean;
  };
  team: TeamMapping;
  /**
   * The report on the current week as it would be built now (the id is an example: each report draws its own
   * when it is built, after the week ends); null while reporting is off.
   */
  next: { report: WeeklyReport; sendWeek: string } | null;
  /** Pending reports first, then the last ones sent, refused or expired. */
  queue: ReportQueueView[];
}

export type ReportUpdateResult = { ok: true; status: ReportStatus } | { ok: false; problem: PrefsProblem };
