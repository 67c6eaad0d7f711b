/*
 * npm run measure -- <url> [<url>...] [--json] [--lang en]
 * Loads each URL in headless Chromium with the built extension and prints what the popup shows, then a total.
 * A webmaster can point it at their own site; nothing is sent anywhere but to the URLs given.
 */
import { estimate, gradeOf } from '../lib/carbon';
import { formatBytes, formatGrams, formatPercent, type Lang } from '../lib/format';
import { extensionId, launch, readPopup, tabIdOf, waitUntilReady, type Figures } from './chromium';

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const langIndex = argv.indexOf('--lang');
  const lang: Lang = langIndex !== -1 && argv[langIndex + 1] === 'en' ? 'en' : 'fr';
  const urls = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--lang');
  if (urls.length === 0) {
    console.error('Usage: npm run measure -- <url> [<url>...] [--json] [--lang fr|en]');
    return 2;
  }
  for (const url of urls) {
    if (!/^https?:\/\//.test(url)) {
      console.error(`Not an http(s) URL: ${url}`);
      return 2;
    }
  }
  const context = await launch({ headless: true, lang });
  const results: Figures[] = [];
  try {
    const id = await extensionId(context);
    await waitUntilReady(context, id);
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
      const tabId = await tabIdOf(context, id, page);
      results.push({ url, ...(await readPopup(context, id, tabId)) });
      if (!json) print(results.at(-1)!, lang);
    }
  } finally {
    await context.close();
  }
  const bytes = results.reduce((sum, r) => sum + r.transferBytes, 0);
  const estimated = results.reduce((sum, r) => sum + r.estimatedBytes, 0);
  const total = { pages: results.length, transferBytes: bytes, requestCount: results.reduce((s, r) => s + r.requestCount, 0), co2Grams: results.reduce((s, r) => s + r.co2Grams, 0), estimatedBytes: estimated };
  if (json) {
    console.log(JSON.stringify({ pages: results, total, model: estimate(0).model }, null, 2));
  } else {
    console.log(`\nTotal (${total.pages} page${total.pages > 1 ? 's' : ''}): ${formatBytes(bytes, lang)}, ${total.requestCount} requests, ${formatGrams(total.co2Grams, lang)} CO2e, average grade ${gradeOf(bytes / Math.max(1, results.length))}, estimated ${formatPercent(bytes ? estimated / bytes : 0, lang)}`);
  }
  return 0;
}

function print(r: Figures, lang: Lang): void {
  const share = r.transferBytes ? r.estimatedBytes / r.transferBytes : 0;
  console.log(`${r.url}\n  ${formatBytes(r.transferBytes, lang)}  ${r.requestCount} request${r.requestCount === 1 ? '' : 's'}  ${formatGrams(r.co2Grams, lang)} CO2e  grade ${r.grade}  estimated ${formatPercent(share, lang)}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
