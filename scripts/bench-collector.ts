/*
 * npm run bench:collector: sustained accepted reports per second on the collector's embedded SQLite store, with
 * latency percentiles and the collector's memory, over loopback. Measured, not asserted in tests.
 *
 * The collector runs as its own process, exactly as `npm run collector` starts it (same code, logger, rate-limit
 * plugin with a limit high enough not to refuse the load generator's single address), on a fresh data directory;
 * autocannon runs in this process. Every request is a distinct valid report (new random id, a few tips of the
 * real catalogue), so every 202 is one INSERT. RSS is the collector's, sampled from /proc every 100 ms.
 *
 *   npm run bench:collector [-- --duration 20 --connections 20 --json]
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadCatalogue } from '../server/src/indicators/catalogue';
import { addWeeks, weekOfDate } from '../server/src/weeks';

/** The slice of autocannon's API used here (it ships no types, and @types/autocannon is not worth a dependency). */
interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: { setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
}) => Promise<AutocannonResult>;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const DURATION = arg('duration', 20);
const CONNECTIONS = arg('connections', 20);
const WARMUP = arg('warmup', 3);
const asJson = process.argv.includes('--json');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat (clock ticks of 1/100 s on Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`collector exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('collector did not start');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-collector-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COLLECTOR_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    COLLECTOR_RATE_LIMIT: '1000000000',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const tsx = join('node_modules', '.bin', 'tsx');
  const init = execFileSync(tsx, ['server/src/main.ts', 'init'], { env, encoding: 'utf8' });
  const enrollment = /Enrollment token[^\n]*\n\s+(\S+)/.exec(init)?.[1];
  if (!enrollment) throw new Error(`no enrollment token in: ${init}`);

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(child.pid!));
  }, 100);
  try {
    await waitHealthy(url, child);
    const idleRss = rssOf(child.pid!);
    const catalogue = loadCatalogue('seeds');
    const week = addWeeks(weekOfDate(new Date()), -1);
    let n = 0;
    const body = (): string => {
      n += 1;
      const tips = n % 3 === 0 ? [] : [catalogue.tipIds[n % catalogue.tipIds.length]!, catalogue.tipIds[(n * 7) % catalogue.tipIds.length]!];
      return JSON.stringify({
        schema: 1,
        reportId: randomUUID(),
        week,
        role: n % 10 === 0 ? 'ambassador' : 'agent',
        team: `team-${n % 40}`,
        activeDays: n % 8,
        guideOpenedThisWeek: n % 4 === 0,
        guideOpenedEver: n % 2 === 0,
        charterAcknowledged: false,
        tipsShown: n % 30,
        tipsAdopted: [...new Set(tips)],
        weightBand: '100MB-1GB',
      });
    };
    const run = (duration: number) =>
      autocannon({
        url: `${url}/v1/reports`,
        method: 'POST',
        connections: CONNECTIONS,
        duration,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${enrollment}` },
        requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }],
      });
    await run(WARMUP);
    peakRss = 0;
    const cpuBefore = cpuSecondsOf(child.pid!);
    const result = await run(DURATION);
    const cpuUsed = cpuSecondsOf(child.pid!) - cpuBefore;
    clearInterval(sampler);
    const finalRss = rssOf(child.pid!);

    const db = new Database(join(dataDir, 'collector.sqlite'), { readonly: true });
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
    db.close();
    const accepted = result['2xx'];
    const figures = {
      store: 'sqlite',
      durationSeconds: DURATION,
      connections: CONNECTIONS,
      acceptedReportsPerSecond: Math.round(accepted / DURATION),
      accepted,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      storedRows: stored,
      // Less sensitive to other processes than throughput: what one report costs the collector in CPU time.
      collectorCpuMsPerReport: +((cpuUsed * 1000) / Math.max(1, accepted)).toFixed(3),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      rssMB: { idle: +(idleRss / 2 ** 20).toFixed(1), peak: +(peakRss / 2 ** 20).toFixed(1), end: +(finalRss / 2 ** 20).toFixed(1) },
      machine: { cpus: cpus().length, loadAverage1m: +loadavg()[0]!.toFixed(2) },
    };
    if (asJson) {
      console.log(JSON.stringify(figures, null, 2));
    } else {
      console.log(`Collector on SQLite, ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), loopback`);
      console.log('| Figure | Value |');
      console.log('| --- | --- |');
      console.log(`| Accepted reports per second (202) | ${figures.acceptedReportsPerSecond} |`);
      console.log(`| Reports accepted / rows stored (incl. warm-up) | ${accepted} / ${stored} |`);
      console.log(`| Non-2xx answers, errors | ${result.non2xx}, ${figures.errors} |`);
      console.log(`| Collector CPU time per accepted report | ${figures.collectorCpuMsPerReport} ms (one core: ${Math.round(1000 / figures.collectorCpuMsPerReport)} reports/s) |`);
      console.log(`| Latency p50 / p90 / p99 / max | ${result.latency.p50} / ${result.latency.p90} / ${result.latency.p99} / ${result.latency.max} ms |`);
      console.log(`| Collector RSS idle / peak / end | ${figures.rssMB.idle} / ${figures.rssMB.peak} / ${figures.rssMB.end} MB |`);
      console.log(`| Machine | ${figures.machine.cpus} CPUs, load average ${figures.machine.loadAverage1m} at the end |`);
    }
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
