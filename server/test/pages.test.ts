/**
 * The collector's pages through app.inject: structure (language, labels, headings, tables, chart alternative),
 * security headers, no external asset, the token only ever in a header, and figures that agree with known counts.
 * The same pages in a real browser, with axe-core, are in pages.browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { Store } from '../src/store';
import { TokenRegistry } from '../src/tokens';
import { awarenessBodySchema } from '../src/schemas';
import { TEXTS } from '../src/pages/i18n';
import { fixtureCatalogue, NOW, report, storeFactories } from './helpers';

/** Every <input>/<select> has a <label for> or is hidden; ids are unique. */
function checkForm(html: string): void {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size, 'duplicate ids').toBe(ids.length);
  const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
  for (const m of html.matchAll(/<(input|select)\b([^>]*)>/g)) {
    const id = /\sid="([^"]+)"/.exec(m[2]!)?.[1];
    expect(id && labelled.has(id), `unlabelled control ${m[0]}`).toBe(true);
  }
}

function noExternal(html: string): void {
  // No URL with a scheme or protocol-relative, in any attribute: every asset is inline or on this origin.
  expect(html).not.toMatch(/\s(src|href|action|xlink:href)="(?:[a-z]+:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(/);
}

describe('page texts', () => {
  it('exist in French and English for every key, and differ where they should', () => {
    expect(Object.keys(TEXTS.en).sort()).toEqual(Object.keys(TEXTS.fr).sort());
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, text] of Object.entries(TEXTS[lang])) expect(text.trim().length, `${lang}.${key}`).toBeGreaterThan(1);
    }
    expect(TEXTS.fr.dashboardTitle).not.toBe(TEXTS.en.dashboardTitle);
  });
});

describe.each(storeFactories)('collector pages on $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let enrollment: string;
  let admin: string;
  let teamDsi: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ({ store, dispose } = await factory.open());
    app = await buildApp({ store, catalogue: fixtureCatalogue, now: () => NOW, rateLimit: false });
    const registry = new TokenRegistry(store);
    enrollment = await registry.issue('enrollment', null, '2026-W49');
    admin = await registry.issue('admin', null, '2026-W49');
    teamDsi = await registry.issue('team', 'dsi', '2026-W49');
    // 2026-W46: 14 reports, 8 in team dsi (of whom 6 opened the guide) and 6 without a team.
    // 2026-W47: 3 reports. 2026-W48 is not published yet on 2026-12-03 (lag of 2 weeks).
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => report({ week: '2026-W46', team: 'dsi', guideOpenedThisWeek: i < 6, tipsAdopted: i < 5 ? ['close-tabs'] : [] })),
      ...Array.from({ length: 6 }, () => report({ week: '2026-W46', role: 'ambassador' })),
      ...Array.from({ length: 3 }, () => report({ week: '2026-W47', team: 'dsi' })),
      ...Array.from({ length: 6 }, () => report({ week: '2026-W48', team: 'dsi' })),
    ];
    for (const r of rows) {
      const res = await app.inject({ method: 'POST', url: '/v1/reports', headers: bearer(enrollment), payload: r });
      expect(res.statusCode).toBe(202);
    }
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it.each([
    ['/', 'fr', 'Collecteur Empreinte'],
    ['/?lang=en', 'en', 'Empreinte collector'],
    ['/dashboard', 'fr', 'Tableau de bord de la DSI'],
    ['/dashboard?lang=en', 'en', "IT department's dashboard"],
    ['/team', 'fr', "Page d'équipe"],
    ['/team?lang=en', 'en', 'Team page'],
  ])('GET %s is a %s page with one h1, labelled controls, no external asset and a strict CSP', async (url, lang, h1) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html.startsWith('<!doctype html><html lang="' + lang + '"')).toBe(true);
    expect([...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]!.replace(/&#39;|&apos;/g, "'"))).toEqual([h1]);
    expect(html).toContain('<main id="main"');
    checkForm(html);
    noExternal(html);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The inline script and style are allowed by their hash, and nothing else runs.
    for (const [tag, directive] of [['script', 'script-src'], ['style', 'style-src']] as const) {
      const blocks = [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
      for (const text of blocks) {
        const hash = createHash('sha256').update(text).digest('base64');
        expect(csp).toContain(`${directive} 'sha256-${hash}'`);
      }
      if (tag === 'script') expect(blocks).toHaveLength(url.startsWith('/?') || url === '/' ? 0 : 1);
    }
    expect(html).not.toMatch(/\son[a-z]+="/); // no inline event handler (the CSP would block it anyway)
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('takes the language from Accept-Language when ?lang is absent, French otherwise', async () => {
    expect((await app.inject({ url: '/dashboard', headers: { 'accept-language': 'en-GB,en;q=0.8' } })).body).toContain('lang="en"');
    expect((await app.inject({ url: '/dashboard', headers: { 'accept-language': 'de-DE' } })).body).toContain('lang="fr"');
  });

  it('the shells hold no figure and need no token; the views need one, in a header only', async () => {
    const shell = (await app.inject('/dashboard')).body;
    expect(shell).not.toContain('2026-W46');
    expect((await app.inject('/dashboard/view')).statusCode).toBe(401);
    expect((await app.inject({ url: '/dashboard/view', headers: bearer(enrollment) })).statusCode).toBe(401);
    expect((await app.inject({ url: '/dashboard/view', headers: bearer(teamDsi) })).statusCode).toBe(401);
    // A token in the query string is refused as an unknown parameter, never read.
    const inQuery = await app.inject({ url: `/dashboard/view?token=${admin}`, headers: bearer(admin) });
    expect(inQuery.statusCode).toBe(400);
    expect(inQuery.json()).toEqual({ error: 'unknown_field', message: "Unknown query parameter 'token' is not allowed." });
    expect((await app.inject({ url: '/team/view?team=dsi' })).statusCode).toBe(401);
  });

  it('the dashboard view shows the published weeks with small counts hidden, a chart with its table, CSV and forms', async () => {
    const res = await app.inject({ url: '/dashboard/view?from=2026-W45&to=2026-W48', headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.body;
    checkForm(html);
    noExternal(html);
    const row = (week: string) => new RegExp(`<tr><th scope="row" class="week">${week}</th>(.*?)</tr>`).exec(html)?.[1];
    const cells = (week: string) => [...(row(week) ?? '').matchAll(/<td class="n">(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    // Columns: reports, ambassadors, guide opened, at least one practice, awareness actions: what the API says.
    const api = (await app.inject({ url: '/v1/indicators?from=2026-W45&to=2026-W48', headers: bearer(admin) })).json();
    const shown = (c: { value: number | null }) => (c.value === null ? 'masqué' : String(c.value));
    for (const w of api.weeks) {
      expect(cells(w.week)).toEqual([shown(w.reports), shown(w.roles.ambassador), shown(w.guideOpenedThisWeek), shown(w.adoptedAtLeastOne), '0']);
    }
    expect(cells('2026-W46')[0]).toBe('14'); // known count, well above 5
    // The six ambassadors are hidden although 6 >= 5: shown with the 8 agents, they would tell that the week had
    // no elected official and no webmaster (14 - 8 - 6 = 0).
    expect(cells('2026-W46')[1]).toBe('masqué');
    expect(cells('2026-W47')[0]).toBe('masqué'); // 3 reports
    expect(row('2026-W48')).toBeUndefined(); // not published yet
    expect(html).toContain('Semaines publiées jusqu’à 2026-W47');
    expect(html).toMatch(/<svg class="chart" viewBox="0 0 640 260" role="img" aria-labelledby="dashboard-chart-title dashboard-chart-desc"><title id="dashboard-chart-title">/);
    expect(html).toContain('<caption>Chiffres par semaine</caption>');
    // The CSV link carries the range, never a token.
    const csv = /<a href="([^"]+)" data-download="([^"]+)"/.exec(html);
    expect(csv?.[1]).toBe('/v1/indicators?from=2026-W45&amp;to=2026-W48&amp;format=csv');
    expect(csv?.[2]).toBe('empreinte-indicators-2026-W45-2026-W48.csv');
    expect(html).not.toContain(admin);
    // The awareness form sends exactly the fields the API accepts.
    const form = /<form action="\/v1\/awareness-actions"[\s\S]*?<\/form>/.exec(html)![0];
    const names = [...form.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(names).toEqual(Object.keys(awarenessBodySchema.properties).sort());
    for (const required of awarenessBodySchema.required) expect(form).toMatch(new RegExp(`name="${required}"[^>]*required`));
  });

  it('the dashboard view in English, and its errors as { error, message }', async () => {
    const en = await app.inject({ url: '/dashboard/view?from=2026-W46&to=2026-W46&lang=en', headers: bearer(admin) });
    expect(en.body).toContain('Axis 1 indicators');
    expect(en.body).toContain('hidden');
    const bad = await app.inject({ url: '/dashboard/view?from=2026-W47&to=2026-W40', headers: bearer(admin) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_range');
  });

  it('the team view opens with that team token or the admin token only', async () => {
    const own = await app.inject({ url: '/team/view?team=dsi&weeks=4', headers: bearer(teamDsi) });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Équipe « dsi »');
    checkForm(own.body);
    noExternal(own.body);
    // W46: the team has 8 reports, shown; its guide count (6 of 8, so 2 did not) is hidden.
    const row = /<tr><th scope="row" class="week">2026-W46<\/th>(.*?)<\/tr>/.exec(own.body)![1]!;
    const cells = [...row.matchAll(/<td class="n">(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(cells).toEqual(['8', 'masqué', 'masqué', 'masqué']);
    const api = (await app.inject({ url: '/v1/teams/dsi/summary?weeks=4', headers: bearer(teamDsi) })).json();
    expect(api.weeks.find((w: { week: string }) => w.week === '2026-W46').reports.value).toBe(8);
    expect(own.body).toContain('<option value="4" selected>4</option>');
    const other = await app.inject({ url: '/team/view?team=culture', headers: bearer(teamDsi) });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toBe('forbidden');
    expect((await app.inject({ url: '/team/view?team=culture', headers: bearer(admin) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/team/view?team=Not+A+Team', headers: bearer(admin) })).statusCode).toBe(400);
  });
});
