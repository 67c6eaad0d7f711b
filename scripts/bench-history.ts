/*
 * npm run bench:history: a year of synthetic history (50 000 page loads) written into the built extension's
 * IndexedDB in Chromium, then (1) the storage it takes and (2) the dashboard's first render with it (median of
 * repeated openings). Figures go in BENCHMARKS.md, "History".
 *
 * The records are folded into daily rollups by lib/history/schema's helpers, the ones HistoryStore.add uses, and
 * written with plain IndexedDB calls from an extension page (same origin as the worker): going through the worker
 * would mean 50 000 real page loads. The synthetic browsing: 137 pages a day on average, 400 sites with a Zipf
 * popularity, weights log-normal around 1.6 MB (the HTTP Archive's median page is about 2 MB).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { estimate } from '../lib/carbon';
import { dayOf } from '../lib/history/dates';
import { addFigures, addSite, DB_NAME, DB_VERSION, emptyDay, foldDayIntoMonth } from '../lib/history/schema';
import type { DailyRecord, MonthlyRecord, PageRecord } from '../lib/history/types';
import { extensionId, launch, waitUntilReady } from './chromium';

const PAGES = Number(process.env.BENCH_PAGES ?? 50_000);
const DAYS = 365;
const SITES = 400;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const RENDERED_MARK = 'empreinte:dashboard-rendered';

/** Deterministic, so that two runs store the same history. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface History {
  pages: PageRecord[];
  daily: DailyRecord[];
  monthly: MonthlyRecord[];
}

function synthetic(now: number): History {
  const random = prng(42);
  const sites = Array.from({ length: SITES }, (_, i) => `site-${i.toString(36)}.example`);
  const weights = sites.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pickSite = () => {
    let r = random() * total;
    for (let i = 0; i < sites.length; i++) if ((r -= weights[i]!) <= 0) return sites[i]!;
    return sites[0]!;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const start = now - DAYS * 86_400_000;
  const pages: PageRecord[] = [];
  for (let i = 0; i < PAGES; i++) {
    const time = Math.round(start + (i / PAGES) * (now - start));
    const bytes = Math.round(Math.exp(Math.log(1_600_000) + 0.9 * normal()));
    const share = [0.03, 0.3, 0.06, 0.4, 0.06, 0.05, 0.08, 0, 0.02];
    const kinds = share.map((s) => Math.floor(bytes * s));
    kinds[0]! += bytes - kinds.reduce((a, b) => a + b, 0);
    const third = Math.floor(bytes * random() * 0.5);
    const { grams, model } = estimate(bytes);
    pages.push({
      time,
      day: dayOf(time),
      site: pickSite(),
      bytes,
      estimatedBytes: random() < 0.2 ? Math.floor(bytes * 0.05) : 0,
      requests: 20 + Math.floor(random() * 80),
      grams,
      model: model.model,
      modelVersion: model.version,
      kinds,
      parties: [bytes - third, third],
    });
  }
  const byDay = new Map<string, DailyRecord>();
  for (const page of pages) {
    const day = byDay.get(page.day) ?? emptyDay(page.day);
    addFigures(day, { ...page, pages: 1 });
    addSite(day, page);
    if (!day.models.includes('swd/4')) day.models.push('swd/4');
    byDay.set(page.day, day);
  }
  const daily = [...byDay.values()];
  const byMonth = new Map<string, MonthlyRecord>();
  for (const day of daily) foldDayIntoMonth(byMonth, day);
  return { pages, daily, monthly: [...byMonth.values()] };
}

function dirSize(path: string): number {
  let size = 0;
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    const stat = statSync(full);
    size += stat.isDirectory() ? dirSize(full) : stat.size;
  }
  return size;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** One fresh profile holding `data`: what it takes in storage and how fast the dashboard shows it. */
async function scenario(label: string, data: History): Promise<void> {
  const jsonBytes = Buffer.byteLength(JSON.stringify(data));
  console.log(`\n${label}: ${data.pages.length} page records, ${data.daily.length} daily and ${data.monthly.length} monthly rollups (${mb(jsonBytes)} as JSON)`);
  const profile = mkdtempSync(join(tmpdir(), 'empreinte-bench-history-'));
  const context = await launch({ headless: true, userDataDir: profile, lang: 'fr' });
  try {
    const id = await extensionId(context);
    await waitUntilReady(context, id);
    // The dashboard makes the worker open (and create) the database at the current version.
    const first = await context.newPage();
    await first.goto(`chrome-extension://${id}/dashboard.html?period=today`);
    await first.locator('[data-testid="period-pages"]').waitFor({ timeout: 20_000 });
    // tsx (esbuild) wraps named functions with a `__name` helper that the page does not have.
    await first.evaluate('globalThis.__name = (f) => f');
    const usage = await first.evaluate(
      async ({ name, version, pages, daily, monthly }) => {
        const before = (await navigator.storage.estimate()).usage ?? 0;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name, version);
          request.onupgradeneeded = () => {
            request.transaction?.abort();
            reject(new Error('the extension had not created its database'));
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const write = (store: string, records: unknown[]) =>
          new Promise<void>((resolve, reject) => {
            const tx = db.transaction(store, 'readwrite');
            for (const record of records) tx.objectStore(store).put(record);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
        // Batches like the recorder's, only larger.
        for (let i = 0; i < pages.length; i += 1000) await write('pages', pages.slice(i, i + 1000));
        await write('daily', daily);
        await write('monthly', monthly);
        db.close();
        const after = (await navigator.storage.estimate()).usage ?? 0;
        return { before, after };
      },
      { name: DB_NAME, version: DB_VERSION, ...data },
    );
    await first.close();
    console.log(`  navigator.storage.estimate(): ${mb(usage.after - usage.before)} more after the insert`);

    for (const period of ['12m', '30d', 'today'] as const) {
      const times: number[] = [];
      for (let run = 0; run < RUNS + 1; run++) {
        const page = await context.newPage();
        await page.goto(`chrome-extension://${id}/dashboard.html?period=${period}`);
        await page.locator('[data-testid="period-pages"]').waitFor({ timeout: 30_000 });
        const shown = Number(await page.locator('[data-testid="period-pages"]').getAttribute('data-value'));
        const at = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN, RENDERED_MARK);
        await page.close();
        if (shown === 0) throw new Error(`the dashboard shows no page for ${period}: the synthetic history was not read`);
        // The first opening also pays for loading the page's script from disk: kept out of the median.
        if (run > 0) times.push(at);
      }
      console.log(`  dashboard ${period}: first render (navigation start to figures on screen) median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)} over ${RUNS} openings`);
    }
  } finally {
    await context.close();
  }
  const idbDir = join(profile, 'Default', 'IndexedDB');
  const ours = readdirSync(idbDir).filter((name) => name.startsWith('chrome-extension_'));
  const onDisk = ours.reduce((sum, name) => sum + dirSize(join(idbDir, name)), 0);
  console.log(`  on disk after the browser closed (IndexedDB directory of the extension): ${mb(onDisk)}`);
  rmSync(profile, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const now = Date.now();
  const year = synthetic(now);
  console.log(`synthetic year: ${year.pages.length} page loads over ${DAYS} days, ${SITES} sites`);
  // What a year of browsing leaves with the default retention (30 days of pages, 13 months of rollups): the
  // purge runs every 6 hours, so this is what the database holds at any time after the first month.
  const pageCutoff = now - 30 * 86_400_000;
  await scenario('a year with the default retention', { ...year, pages: year.pages.filter((p) => p.time >= pageCutoff) });
  // The worst case: every page record of the year kept (page retention raised to its 366-day maximum).
  await scenario('a year with every page record kept', year);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
