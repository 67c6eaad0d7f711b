/*
 * npm run measure -- <url> [<url>...] [--json] [--lang fr|en]
 * Loads each URL in headless Chromium with the built extension and prints what the popup shows, then a total.
 * French by default, like the extension. A page that cannot be loaded is reported and the others still measured
 * (exit code 1). A webmaster can point it at their own site; nothing is sent anywhere but to the URLs given.
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
  const failed: { url: string; error: string }[] = [];
  try {
    const id = await extensionId(context);
    await waitUntilReady(context, id);
    for (const url of urls) {
      const page = await context.newPage();
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
        const tabId = await tabIdOf(context, id, page);
        results.push({ url, ...(await readPopup(context, id, tabId)) });
        if (!json) print(results.at(-1)!, lang);
      } catch (error) {
        failed.push({ url, error: reason(error) });
        console.error(`${LABELS[lang].failed} ${url}: ${reason(error)}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close();
  }
  const bytes = results.reduce((sum, r) => sum + r.transferBytes, 0);
  const estimated = results.reduce((sum, r) => sum + r.estimatedBytes, 0);
  const total = { pages: results.length, transferBytes: bytes, requestCount: results.reduce((s, r) => s + r.requestCount, 0), co2Grams: results.reduce((s, r) => s + r.co2Grams, 0), estimatedBytes: estimated };
  if (json) {
    console.log(JSON.stringify({ pages: results, failed, total, model: estimate(0).model }, null, 2));
  } else if (results.length > 0) {
    const l = LABELS[lang];
    console.log(`\n${l.total} (${total.pages} page${total.pages > 1 ? 's' : ''})${l.colon} ${formatBytes(bytes, lang)}, ${total.requestCount} ${l.requests(total.requestCount)}, ${formatGrams(total.co2Grams, lang)} CO2e, ${l.averageGrade} ${gradeOf(bytes / Math.max(1, results.length))}, ${l.estimated} ${formatPercent(bytes ? estimated / bytes : 0, lang)}`);
  }
  return failed.length > 0 ? 1 : 0;
}

const LABELS = {
  fr: { requests: (n: number) => (n > 1 ? 'requêtes' : 'requête'), grade: 'note', averageGrade: 'note moyenne', estimated: 'estimé', total: 'Total', colon: '\u202f:', failed: 'Impossible de charger' },
  en: { requests: (n: number) => (n === 1 ? 'request' : 'requests'), grade: 'grade', averageGrade: 'average grade', estimated: 'estimated', total: 'Total', colon: ':', failed: 'Could not load' },
} as const;

function print(r: Figures, lang: Lang): void {
  const l = LABELS[lang];
  const share = r.transferBytes ? r.estimatedBytes / r.transferBytes : 0;
  console.log(`${r.url}\n  ${formatBytes(r.transferBytes, lang)}  ${r.requestCount} ${l.requests(r.requestCount)}  ${formatGrams(r.co2Grams, lang)} CO2e  ${l.grade} ${r.grade}  ${l.estimated} ${formatPercent(share, lang)}`);
}

/** The first line of an error, without the terminal colours Playwright adds (e.g. "net::ERR_CONNECTION_REFUSED"). */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0] ?? '').replace(/^page\.goto: /, '').trim();
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
