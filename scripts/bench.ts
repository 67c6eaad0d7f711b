/*
 * npm run bench: the figures of issue 2, measured (not asserted in tests).
 * 1. CPU time the ledger spends per accounted request, over 100 000 synthetic requests (5 events each).
 * 2. Load time of a 150-request page in Chromium with and without the extension (median of alternated runs).
 * 3. Size of the zipped Chrome extension.
 * Prints a Markdown table for BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../lib/measure/ledger';
import { chromiumPath, launch } from './chromium';

function ledgerCpu(requests = 100_000): number {
  const ledger = new Ledger();
  const headers = [
    { name: 'Content-Type', value: 'image/png' },
    { name: 'Content-Length', value: '12345' },
    { name: 'Cache-Control', value: 'max-age=3600' },
    { name: 'Date', value: 'Thu, 03 Dec 2026 20:00:00 GMT' },
  ];
  const before = process.cpuUsage();
  let t = 0;
  for (let i = 0; i < requests; i++) {
    const tabId = i % 10;
    if (i % 150 === 0) {
      // A new page every 150 requests, in one of ten tabs.
      const nav = `nav-${i}`;
      ledger.onBeforeRequest({ requestId: nav, tabId, type: 'main_frame', url: `https://site${tabId}.example/p${i}`, timeStamp: t++ });
      ledger.onResponseStarted({ requestId: nav, tabId, url: `https://site${tabId}.example/p${i}`, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: headers, fromCache: false, timeStamp: t++ });
      ledger.onCompleted({ requestId: nav, tabId, url: '', timeStamp: t++ });
    }
    const id = String(i);
    const url = `https://cdn${i % 3}.example/asset/${i}.png`;
    ledger.onBeforeRequest({ requestId: id, tabId, type: 'image', url, timeStamp: t++ });
    ledger.onResponseStarted({ requestId: id, tabId, url, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: headers, fromCache: false, timeStamp: t++ });
    ledger.onCompleted({ requestId: id, tabId, url, timeStamp: t++ });
    if (i % 20 === 0) ledger.onTimings(tabId, [{ url, entryType: 'resource', transferSize: 12645, encodedBodySize: 12345 }], t);
    if (i % 1000 === 0) {
      ledger.takeDirty();
      ledger.takeFinished();
    }
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / requests;
}

async function loadTimes(runs: number): Promise<{ without: number; with: number }> {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      const imgs = Array.from({ length: 149 }, (_, i) => `<img src="/i/${i}.svg" width="8" height="8" alt="">`).join('');
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><title>150</title>${imgs}`);
    } else {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' });
      res.end(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><!--${'x'.repeat(500)}--></svg>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples = { without: [] as number[], with: [] as number[] };
  const contexts = { without: await launch({ headless: true, withoutExtension: true }), with: await launch({ headless: true }) };
  try {
    for (const key of ['without', 'with'] as const) {
      const page = await contexts[key].newPage();
      await page.goto(url); // warm-up: worker start, connections
    }
    for (let run = 0; run < runs; run++) {
      for (const key of run % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        const page = contexts[key].pages().at(-1)!;
        await page.goto(`${url}?run=${run}`, { waitUntil: 'load' });
        samples[key].push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd));
      }
    }
  } finally {
    await contexts.without.close();
    await contexts.with.close();
    server.close();
  }
  return { without: median(samples.without), with: median(samples.with) };
}

function zipSize(): { name: string; bytes: number } {
  execFileSync('npx', ['wxt', 'zip'], { stdio: 'ignore' });
  const dir = '.output';
  const zip = readdirSync(dir).find((f) => f.endsWith('-chrome.zip'));
  if (!zip) throw new Error('wxt zip made no Chrome zip');
  return { name: zip, bytes: statSync(join(dir, zip)).size };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const runs = Number(process.env.BENCH_RUNS ?? 21);
// Other processes on the machine (browser tests...) skew the load times: the load average is printed with them.
const loadBefore = loadavg()[0]!;
const cpu = ledgerCpu();
const zip = zipSize();
const load = await loadTimes(runs);
const ratio = load.with / load.without;
const chromiumVersion = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
console.log(`${new Date().toISOString()}; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; Node ${process.version}; ${chromiumVersion}; 1-min load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after\n`);
console.log(`| figure | measured | aim |
|---|---|---|
| ledger CPU per accounted request (100 000 synthetic requests) | ${cpu.toFixed(2)} µs | < 20 µs |
| load of a 150-request page, median of ${runs} runs, without / with the extension | ${load.without.toFixed(0)} ms / ${load.with.toFixed(0)} ms | |
| load-time ratio (with / without) | ${ratio.toFixed(3)} | < 1.03 |
| zipped Chrome extension (${zip.name}) | ${(zip.bytes / 1024).toFixed(1)} KB | < 200 KB |`);
