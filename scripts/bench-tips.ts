/*
 * npm run bench:tips: how long the personalisation engine takes to rank the whole tip catalogue, over a year of
 * daily signals for each of the four roles, with a history that grows as it would (a tip shown in the popup
 * each day, an answer now and then, the guide opened some weeks). Measured, not asserted in tests.
 * Prints a Markdown table for BENCHMARKS.md.
 */
import { tips } from '../lib/tips/catalogue';
import { rankTips } from '../lib/tips/engine';
import { computeSignals } from '../lib/tips/signals';
import { emptyTipState, historyOf, recordGuideOpened, recordShown, setAnswer, type TipState } from '../lib/tips/state';
import type { Audience, Signals } from '../lib/tips/types';
import { addDays } from '../lib/tips/week';

const DAYS = 365;
const ROLES: Audience[] = ['agent', 'elected', 'ambassador', 'webmaster'];
const RUNS_PER_DAY = 20; // the popup opened 20 times a day

/** xorshift32: the same "year" on every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function daySignals(r: () => number): Signals {
  return {
    video_bytes_share: r() * 0.9,
    video_minutes_day: r() * 180,
    visio_minutes_day: r() < 0.5 ? r() * 240 : 0,
    genai_visits_day: Math.floor(r() * 8),
    page_bytes: Math.floor(r() * 8e6),
    open_tabs: Math.floor(r() * 50),
    autoplay_media: r() < 0.2 ? 1 : 0,
    third_party_bytes_share: r() * 0.6,
    trackers_on_page: Math.floor(r() * 6),
    http_page: r() < 0.05 ? 1 : 0,
    download_bytes: r() < 0.1 ? r() * 5e8 : 0,
    oversized_images_bytes: r() * 500_000,
    uncompressed_text_bytes: r() * 60_000,
    uncacheable_static_count: Math.floor(r() * 12),
    font_files: Math.floor(r() * 9),
    third_party_domains: Math.floor(r() * 20),
    cloud_storage_visits_day: Math.floor(r() * 8),
    webmail_visits_day: Math.floor(r() * 10),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Figures {
  calls: number;
  median: number;
  p95: number;
  max: number;
}

function run(surface: 'popup' | 'full'): Figures {
  const samples: number[] = [];
  const r = prng(42);
  for (const role of ROLES) {
    let state: TipState = emptyTipState();
    for (let d = 0; d < DAYS; d++) {
      const today = addDays('2026-01-01', d);
      const signals = daySignals(r);
      for (let k = 0; k < RUNS_PER_DAY; k++) {
        const history = historyOf(state);
        const start = process.hrtime.bigint();
        const ranked = rankTips({ signals, role, history, today, tips, ...(surface === 'popup' ? { limit: 1 } : {}) });
        samples.push(Number(process.hrtime.bigint() - start) / 1000);
        if (k === 0 && ranked[0]) state = recordShown(state, [ranked[0].tip.id], today);
        if (k === 0 && ranked[0] && r() < 0.1) state = setAnswer(state, ranked[0].tip.id, r() < 0.5 ? 'adopted' : 'not-for-me', today);
      }
      if (r() < 0.1) state = recordGuideOpened(state, today);
    }
  }
  samples.sort((a, b) => a - b);
  return { calls: samples.length, median: percentile(samples, 50), p95: percentile(samples, 95), max: samples.at(-1)! };
}

function signalsCost(): number {
  const page = {
    url: 'https://www.example.org/article',
    startedAt: Date.now() - 60_000,
    totals: { bytes: 3e6, estimatedBytes: 0, requests: 80, byKind: { document: 1e5, script: 1e6, stylesheet: 1e5, image: 1.5e6, font: 1e5, media: 0, xhr: 2e5, websocket: 0, other: 0 }, byParty: { first: 2e6, third: 1e6 } },
    observed: { thirdPartySites: ['google-analytics.com', 'doubleclick.net', 'gstatic.com', 'youtube.com', 'cdn.example.net'], uncompressedTextBytes: 30_000, uncacheableStatic: 4, fontFiles: 3 },
  };
  const n = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) computeSignals({ page, now: Date.now(), openTabs: 12 });
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

// A warm-up pass, as the background's engine is warm after its first call (formulas parsed and cached).
run('popup');
const popup = run('popup');
const full = run('full');
const signals = signalsCost();
const fmt = (us: number) => us.toFixed(1);

console.log(`Tips engine, ${tips.length} tips, ${DAYS} days × ${ROLES.length} roles × ${RUNS_PER_DAY} calls a day, Node ${process.version}\n`);
console.log('| Call | Calls | Median (µs) | p95 (µs) | Max (µs) |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| rankTips, popup (best tip) | ${popup.calls} | ${fmt(popup.median)} | ${fmt(popup.p95)} | ${fmt(popup.max)} |`);
console.log(`| rankTips, whole ranked list | ${full.calls} | ${fmt(full.median)} | ${fmt(full.p95)} | ${fmt(full.max)} |`);
console.log(`| computeSignals, one page | 20000 | ${fmt(signals)} (mean) | | |`);
