/**
 * The collector's pages in Debian's Chromium (playwright-core, never a downloaded browser), against a collector
 * listening on loopback: sign in with a token, read the figures, record an awareness action, export the CSV,
 * create a team token and open the team page with it. axe-core must find no WCAG 2.1 A/AA violation, the strict
 * CSP must not block anything, and the token must never appear in a URL.
 *
 * Run with the browser tests: npx vitest run --config vitest.e2e.config.ts server/test/pages.browser.test.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { loadCatalogue } from '../src/indicators/catalogue';
import { SqliteStore } from '../src/store';
import { TokenRegistry } from '../src/tokens';
import { NOW } from './helpers';
import { report } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('collector pages in Chromium', () => {
  let store: SqliteStore;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let admin: string;
  const urls: string[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
    store = new SqliteStore(':memory:');
    await store.migrate();
    const catalogue = loadCatalogue('seeds');
    app = await buildApp({ store, catalogue, now: () => NOW, rateLimit: false });
    admin = await new TokenRegistry(store).issue('admin', null, '2026-W49');
    // Four weeks of a mid-sized population, some of it in team "dsi", with tips of the real catalogue.
    const tips = catalogue.tipIds;
    for (const [w, week] of ['2026-W44', '2026-W45', '2026-W46', '2026-W47'].entries()) {
      for (let i = 0; i < 30 + 5 * w; i += 1) {
        const r = report({
          week,
          role: i % 7 === 0 ? 'ambassador' : i % 11 === 0 ? 'elected' : 'agent',
          guideOpenedThisWeek: i % 3 === 0,
          guideOpenedEver: i % 2 === 0,
          tipsAdopted: i % 2 ? [tips[i % 6]!] : [],
        });
        await store.insertReport({ ...r, team: i % 3 === 1 ? 'dsi' : null, weightBand: null });
      }
    }
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: false, args: ['--headless=new', '--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  const open = async (path: string): Promise<Page> => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.on('request', (req) => urls.push(req.url()));
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) cspErrors.push(msg.text());
    });
    await page.goto(base + path);
    return page;
  };

  it('dashboard: sign in, figures, chart and table, awareness action, CSV, team token; no axe violation', async () => {
    const page = await open('/dashboard?lang=fr');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel("Jeton d'administration").fill(admin);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 2, name: "Indicateurs de l'axe 1" }).waitFor();
    // Focus moves to the new content, the sign-in form is gone, the status says so.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('indicators-title');
    expect(await page.locator('#signin').isHidden()).toBe(true);
    expect(await page.getByRole('status').textContent()).toBe('Chiffres affichés.');
    expect(await page.getByRole('img', { name: 'Évolution par semaine' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Chiffres par semaine' }).locator('tbody tr').count()).toBe(12);
    expect(await axe(page)).toEqual([]);

    // Another period, through the form.
    await page.getByLabel('Du', { exact: true }).fill('2026-W45');
    await page.getByLabel('Au', { exact: true }).fill('2026-W47');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr th[scope=row]')[0]?.textContent === '2026-W45');
    expect(await page.getByRole('table', { name: 'Chiffres par semaine' }).locator('tbody tr').count()).toBe(3);

    // Record an awareness action: the API stores it and the page lists it.
    await page.getByLabel('Date', { exact: true }).fill('2026-11-19');
    await page.getByLabel('Type', { exact: true }).selectOption('workshop');
    await page.getByLabel('Public', { exact: true }).selectOption('ambassadors');
    await page.getByLabel('Participants', { exact: true }).fill('17');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('table', { name: 'Actions enregistrées sur la période' }).waitFor();
    expect(await store.awarenessActions('2026-W45', '2026-W47')).toMatchObject([
      { date: '2026-11-19', week: '2026-W47', kind: 'workshop', audience: 'ambassadors', attendees: 17, team: null },
    ]);
    expect(await page.getByRole('table', { name: 'Actions enregistrées sur la période' }).textContent()).toContain('Atelier');

    // The CSV export arrives as a download, fetched with the token in a header.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe('empreinte-indicators-2026-W45-2026-W47.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('week,indicator,key,value,suppressed');
    expect(csv).toContain('2026-W47,awareness_actions,,1,false');

    // A team token, shown once, which then opens the team page in another tab.
    await page.getByLabel("Code d'équipe").fill('dsi');
    await page.getByRole('button', { name: 'Créer un jeton' }).click();
    const tokenText = page.locator('code[data-token]');
    await tokenText.waitFor();
    const teamToken = (await tokenText.textContent())!;
    expect(teamToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await axe(page)).toEqual([]);

    const team = await open('/team?lang=en');
    expect(await axe(team)).toEqual([]);
    await team.getByLabel('Team code').fill('dsi');
    await team.getByLabel('Team token (or admin token)').fill(teamToken);
    await team.getByRole('button', { name: 'Sign in' }).click();
    await team.getByRole('heading', { level: 2, name: 'Team "dsi"' }).waitFor();
    expect(await axe(team)).toEqual([]);
    // Sign out forgets the token (the team code, not a secret, stays to sign in again).
    expect(await team.evaluate(() => Object.values(sessionStorage))).toContain(teamToken);
    await team.getByRole('button', { name: 'Sign out' }).click();
    expect(await team.evaluate(() => Object.values(sessionStorage))).toEqual(['dsi']);
    expect(await team.locator('#content').innerHTML()).toBe('');

    // Never in a URL, and nothing blocked by the Content-Security-Policy.
    for (const url of urls) {
      expect(url).not.toContain(admin);
      expect(url).not.toContain(teamToken);
    }
    expect(urls.some((u) => u.includes('/dashboard/view'))).toBe(true);
    expect(cspErrors).toEqual([]);
  });

  it('a wrong token is refused with a message, and the form comes back', async () => {
    const page = await open('/dashboard?lang=en');
    await page.getByLabel('Admin token').fill('x'.repeat(43));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForFunction(() => document.querySelector('#status')?.classList.contains('error'));
    expect(await page.getByRole('status').textContent()).toContain('A valid bearer token is required');
    expect(await page.locator('#signin').isVisible()).toBe(true);
    expect(await axe(page)).toEqual([]);
  });
});
