import { join } from 'node:path';
import { PgStore } from './pg';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

export type * from './types';
export { PgStore, SqliteStore };

/** PostgreSQL when DATABASE_URL is set, else SQLite in `${dataDir}/collector.sqlite`. Not migrated yet. */
export function openStore(env: { DATABASE_URL?: string; COLLECTOR_DATA_DIR?: string }): Store {
  if (env.DATABASE_URL) return new PgStore(env.DATABASE_URL);
  return new SqliteStore(join(env.COLLECTOR_DATA_DIR || './data', 'collector.sqlite'));
}
