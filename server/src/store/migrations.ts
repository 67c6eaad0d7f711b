/** Numbered SQL migrations, one folder per dialect: server/migrations/<dialect>/NNN_name.sql, applied in order. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dialect: 'sqlite' | 'pg'): Migration[] {
  const dir = fileURLToPath(new URL(`../../migrations/${dialect}/`, import.meta.url));
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    if (out.some((m) => m.version === version)) throw new Error(`two migrations numbered ${match[1]}`);
    out.push({ version, name: match[2]!, sql: readFileSync(dir + file, 'utf8') });
  }
  out.forEach((m, i) => {
    // A gap means a migration file went missing: refuse rather than skip a step.
    if (m.version !== i + 1) throw new Error(`migration ${i + 1} is missing (${dialect})`);
  });
  return out;
}
