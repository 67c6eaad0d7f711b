/**
 * Collector command line.
 *   npm run collector            start: listens on PORT (default 8787), SQLite in COLLECTOR_DATA_DIR (default
 *                                ./data/collector.sqlite) or PostgreSQL when DATABASE_URL is set
 *   npm run collector -- init    prints a fresh enrollment token and a fresh admin token, stores their hashes;
 *                                refuses when tokens exist, unless --rotate (which revokes the old ones)
 * Other settings: HOST (default 127.0.0.1; put a TLS reverse proxy in front), COLLECTOR_SEEDS_DIR (default
 * ./seeds), COLLECTOR_RATE_LIMIT (requests per minute per source, default 300), COLLECTOR_PUBLISH_LAG_WEEKS
 * (default 2), COLLECTOR_TRUST_PROXY (address of the reverse proxy, e.g. 127.0.0.1 or "loopback", so that the
 * in-memory rate limit applies per client and not to the proxy as a whole), COLLECTOR_RETENTION_WEEKS (weekly
 * reports older than this many weeks are deleted at start and then daily; default 156, three years, enough for
 * the annual report and two years of comparison), LOG_LEVEL (default info).
 */
import { buildApp } from './app';
import { loadCatalogue } from './indicators/catalogue';
import { openStore } from './store';
import { TokenRegistry } from './tokens';
import { addWeeks, weekOfDate } from './weeks';

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

async function init(rotate: boolean): Promise<void> {
  const store = openStore(process.env);
  try {
    await store.migrate();
    const existing = await store.tokens();
    if (existing.some((t) => t.kind !== 'team') && !rotate) {
      console.error('Tokens already exist. Run `npm run collector -- init --rotate` to replace them (the old ones stop working).');
      process.exitCode = 1;
      return;
    }
    if (rotate) {
      await store.revokeTokens('enrollment', null);
      await store.revokeTokens('admin', null);
    }
    const registry = new TokenRegistry(store);
    const week = weekOfDate(new Date());
    const enrollment = await registry.issue('enrollment', null, week);
    const admin = await registry.issue('admin', null, week);
    // Printed once; only SHA-256 hashes are stored, so they cannot be shown again.
    console.log(`Enrollment token (extensions, managed storage "enrollmentToken"):\n  ${enrollment}`);
    console.log(`Admin token (DSI dashboard and indicators API):\n  ${admin}`);
    console.log('Keep them now: only their hashes are stored.');
  } finally {
    await store.close();
  }
}

async function start(): Promise<void> {
  const store = openStore(process.env);
  await store.migrate();
  const catalogue = loadCatalogue(process.env.COLLECTOR_SEEDS_DIR || './seeds');
  const app = await buildApp({
    store,
    catalogue,
    logger: { level: process.env.LOG_LEVEL || 'info' },
    rateLimit: { max: intFromEnv('COLLECTOR_RATE_LIMIT', 300, 1), timeWindowMs: 60_000 },
    publishLagWeeks: intFromEnv('COLLECTOR_PUBLISH_LAG_WEEKS', 2, 0),
    trustProxy: process.env.COLLECTOR_TRUST_PROXY || false,
  });
  // Retention: "week < cutoff" compares ISO week strings, which sort like the weeks themselves.
  const retentionWeeks = intFromEnv('COLLECTOR_RETENTION_WEEKS', 156, 4);
  const purge = async (): Promise<void> => {
    const removed = await store.purgeReportsBefore(addWeeks(weekOfDate(new Date()), -retentionWeeks));
    if (removed > 0) app.log.info(`retention: deleted ${removed} reports older than ${retentionWeeks} weeks`);
  };
  await purge();
  const daily = setInterval(() => void purge().catch((error: unknown) => app.log.error({ err: error }, 'retention failed')), 86_400_000);
  daily.unref();
  const close = async (): Promise<void> => {
    clearInterval(daily);
    await app.close();
    await store.close();
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  const port = intFromEnv('PORT', 8787, 0);
  const host = process.env.HOST || '127.0.0.1';
  await app.listen({ port, host });
  app.log.info(`collector listening on ${host}:${port} (${store.dialect})`);
}

const [command = 'start', ...flags] = process.argv.slice(2);
const run = command === 'init' ? init(flags.includes('--rotate')) : command === 'start' ? start() : undefined;
if (!run) {
  console.error(`Unknown command ${command}. Use: start (default) or init [--rotate].`);
  process.exitCode = 2;
} else {
  run.catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
