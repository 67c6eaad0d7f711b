/**
 * SQLite store (better-sqlite3): the embedded default, one file collector.sqlite in COLLECTOR_DATA_DIR.
 * better-sqlite3 is synchronous; each statement is short (an indexed insert), and WAL with synchronous=NORMAL
 * keeps an insert well under a millisecond, which is what lets one process accept thousands of reports a second.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportRole, WeightBand } from '../../../lib/report/payload';
import { readMigrations } from './migrations';
import type {
  AwarenessAction,
  AwarenessActionInput,
  InsertOutcome,
  Store,
  StoredReport,
  TokenKind,
  TokenRecord,
} from './types';

interface ReportRow {
  report_id: string;
  week: string;
  role: string;
  team: string | null;
  active_days: number;
  guide_opened_this_week: number;
  guide_opened_ever: number;
  charter_acknowledged: number;
  tips_shown: number;
  tips_adopted: string;
  weight_band: string | null;
}

function toReport(r: ReportRow): StoredReport {
  return {
    reportId: r.report_id,
    week: r.week,
    role: r.role as ReportRole,
    team: r.team,
    activeDays: r.active_days,
    guideOpenedThisWeek: r.guide_opened_this_week === 1,
    guideOpenedEver: r.guide_opened_ever === 1,
    charterAcknowledged: r.charter_acknowledged === 1,
    tipsShown: r.tips_shown,
    tipsAdopted: JSON.parse(r.tips_adopted) as string[],
    weightBand: r.weight_band as WeightBand | null,
  };
}

interface ActionRow {
  id: number;
  day: string;
  week: string;
  kind: string;
  audience: string;
  attendees: number;
  team: string | null;
}

const toAction = (r: ActionRow): AwarenessAction => ({
  id: r.id,
  date: r.day,
  week: r.week,
  kind: r.kind as AwarenessAction['kind'],
  audience: r.audience as AwarenessAction['audience'],
  attendees: r.attendees,
  team: r.team,
});

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private statements?: ReturnType<SqliteStore['prepare']>;

  /** `file` may be ':memory:'. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last transactions but never corrupts the file; a lost report
    // is re-sent by the extension (it keeps it until a 202), so durability of each single insert is not needed.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
  }

  private prepare() {
    const db = this.db;
    return {
      insertReport: db.prepare(
        `INSERT INTO reports (report_id, week, role, team, active_days, guide_opened_this_week, guide_opened_ever,
           charter_acknowledged, tips_shown, tips_adopted, weight_band)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING`,
      ),
      weekCounts: db.prepare(
        'SELECT week, COUNT(*) AS n FROM reports WHERE week BETWEEN ? AND ? GROUP BY week',
      ),
      reportsOfWeek: db.prepare('SELECT * FROM reports WHERE week = ?'),
      allReports: db.prepare('SELECT * FROM reports ORDER BY week, report_id'),
      purgeReports: db.prepare('DELETE FROM reports WHERE week < ?'),
      insertAction: db.prepare(
        'INSERT INTO awareness_actions (day, week, kind, audience, attendees, team) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      ),
      actions: db.prepare('SELECT * FROM awareness_actions WHERE week BETWEEN ? AND ? ORDER BY day, id'),
      insertToken: db.prepare('INSERT INTO tokens (kind, team, hash, created_week) VALUES (?, ?, ?, ?)'),
      revokeTeam: db.prepare('DELETE FROM tokens WHERE kind = ? AND team = ?'),
      revokeKind: db.prepare('DELETE FROM tokens WHERE kind = ?'),
      tokens: db.prepare('SELECT id, kind, team, hash FROM tokens ORDER BY id'),
    };
  }

  private get s() {
    if (!this.statements) throw new Error('migrate() first');
    return this.statements;
  }

  async migrate(): Promise<void> {
    const db = this.db;
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    for (const m of readMigrations('sqlite')) {
      if (applied.has(m.version)) continue;
      // One transaction per migration: a failing step leaves the database at the previous version.
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
      }).immediate();
    }
    this.statements = this.prepare();
  }

  async insertReport(r: StoredReport): Promise<InsertOutcome> {
    const info = this.s.insertReport.run(
      r.reportId,
      r.week,
      r.role,
      r.team,
      r.activeDays,
      r.guideOpenedThisWeek ? 1 : 0,
      r.guideOpenedEver ? 1 : 0,
      r.charterAcknowledged ? 1 : 0,
      r.tipsShown,
      JSON.stringify(r.tipsAdopted),
      r.weightBand,
    );
    return info.changes === 1 ? 'stored' : 'duplicate';
  }

  async weekCounts(from: string, to: string): Promise<Map<string, number>> {
    const rows = this.s.weekCounts.all(from, to) as { week: string; n: number }[];
    return new Map(rows.map((r) => [r.week, r.n]));
  }

  async reportsOfWeek(week: string): Promise<StoredReport[]> {
    return (this.s.reportsOfWeek.all(week) as ReportRow[]).map(toReport);
  }

  async allReports(): Promise<StoredReport[]> {
    return (this.s.allReports.all() as ReportRow[]).map(toReport);
  }

  async purgeReportsBefore(week: string): Promise<number> {
    return this.s.purgeReports.run(week).changes;
  }

  async insertAwarenessAction(a: AwarenessActionInput & { week: string }): Promise<AwarenessAction> {
    const row = this.s.insertAction.get(a.date, a.week, a.kind, a.audience, a.attendees, a.team ?? null) as ActionRow;
    return toAction(row);
  }

  async awarenessActions(from: string, to: string): Promise<AwarenessAction[]> {
    return (this.s.actions.all(from, to) as ActionRow[]).map(toAction);
  }

  async insertToken(t: { kind: TokenKind; team: string | null; hash: string; week: string }): Promise<void> {
    this.s.insertToken.run(t.kind, t.team, t.hash, t.week);
  }

  async revokeTokens(kind: TokenKind, team: string | null): Promise<number> {
    const info = team === null ? this.s.revokeKind.run(kind) : this.s.revokeTeam.run(kind, team);
    return info.changes;
  }

  async tokens(): Promise<TokenRecord[]> {
    return this.s.tokens.all() as TokenRecord[];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
