/**
 * PostgreSQL store (node-postgres), used when DATABASE_URL is set: for a DSI that already runs PostgreSQL and
 * wants the collector's data in its backups and replicas.
 */
import pg from 'pg';
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

/** Arbitrary constant key: serialises migrations when several collector processes start at once. */
const MIGRATION_LOCK = 7_346_201;

interface ReportRow {
  report_id: string;
  week: string;
  role: string;
  team: string | null;
  active_days: number;
  guide_opened_this_week: boolean;
  guide_opened_ever: boolean;
  charter_acknowledged: boolean;
  tips_shown: number;
  tips_adopted: string[];
  weight_band: string | null;
}

const toReport = (r: ReportRow): StoredReport => ({
  reportId: r.report_id,
  week: r.week,
  role: r.role as ReportRole,
  team: r.team,
  activeDays: r.active_days,
  guideOpenedThisWeek: r.guide_opened_this_week,
  guideOpenedEver: r.guide_opened_ever,
  charterAcknowledged: r.charter_acknowledged,
  tipsShown: r.tips_shown,
  tipsAdopted: r.tips_adopted,
  weightBand: r.weight_band as WeightBand | null,
});

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

// DATE as text: node-postgres would otherwise build a Date at local midnight, shifting the day across time zones.
const ACTION_COLUMNS = "id, to_char(day, 'YYYY-MM-DD') AS day, week, kind, audience, attendees, team";

export class PgStore implements Store {
  readonly dialect = 'pg' as const;
  private readonly pool: pg.Pool;

  constructor(connectionString: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString, max: poolSize, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the next query gets a fresh client.
    this.pool.on('error', () => undefined);
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const m of readMigrations('pg')) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  async insertReport(r: StoredReport): Promise<InsertOutcome> {
    const result = await this.pool.query(
      `INSERT INTO reports (report_id, week, role, team, active_days, guide_opened_this_week, guide_opened_ever,
         charter_acknowledged, tips_shown, tips_adopted, weight_band)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (report_id) DO NOTHING`,
      [
        r.reportId,
        r.week,
        r.role,
        r.team,
        r.activeDays,
        r.guideOpenedThisWeek,
        r.guideOpenedEver,
        r.charterAcknowledged,
        r.tipsShown,
        r.tipsAdopted,
        r.weightBand,
      ],
    );
    return result.rowCount === 1 ? 'stored' : 'duplicate';
  }

  async weekCounts(from: string, to: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ week: string; n: string }>(
      'SELECT week, COUNT(*) AS n FROM reports WHERE week BETWEEN $1 AND $2 GROUP BY week',
      [from, to],
    );
    return new Map(rows.map((r) => [r.week, Number(r.n)]));
  }

  async reportsOfWeek(week: string): Promise<StoredReport[]> {
    const { rows } = await this.pool.query<ReportRow>('SELECT * FROM reports WHERE week = $1', [week]);
    return rows.map(toReport);
  }

  async allReports(): Promise<StoredReport[]> {
    const { rows } = await this.pool.query<ReportRow>('SELECT * FROM reports ORDER BY week, report_id');
    return rows.map(toReport);
  }

  async purgeReportsBefore(week: string): Promise<number> {
    const result = await this.pool.query('DELETE FROM reports WHERE week < $1', [week]);
    return result.rowCount ?? 0;
  }

  async insertAwarenessAction(a: AwarenessActionInput & { week: string }): Promise<AwarenessAction> {
    const { rows } = await this.pool.query<ActionRow>(
      `INSERT INTO awareness_actions (day, week, kind, audience, attendees, team) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${ACTION_COLUMNS}`,
      [a.date, a.week, a.kind, a.audience, a.attendees, a.team ?? null],
    );
    return toAction(rows[0]!);
  }

  async awarenessActions(from: string, to: string): Promise<AwarenessAction[]> {
    const { rows } = await this.pool.query<ActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM awareness_actions WHERE week BETWEEN $1 AND $2 ORDER BY day, id`,
      [from, to],
    );
    return rows.map(toAction);
  }

  async insertToken(t: { kind: TokenKind; team: string | null; hash: string; week: string }): Promise<void> {
    await this.pool.query('INSERT INTO tokens (kind, team, hash, created_week) VALUES ($1, $2, $3, $4)', [
      t.kind,
      t.team,
      t.hash,
      t.week,
    ]);
  }

  async revokeTokens(kind: TokenKind, team: string | null): Promise<number> {
    const result =
      team === null
        ? await this.pool.query('DELETE FROM tokens WHERE kind = $1', [kind])
        : await this.pool.query('DELETE FROM tokens WHERE kind = $1 AND team = $2', [kind, team]);
    return result.rowCount ?? 0;
  }

  async tokens(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRecord>('SELECT id, kind, team, hash FROM tokens ORDER BY id');
    return rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
