/**
 * The weekly report end to end: the built extension in Chromium and the real collector (server/src/app.ts, SQLite
 * in a temporary directory) listening on loopback. The person configures the collector in the options page,
 * browses fixture pages, opens the guide and adopts a tip; the report clock is moved a week on (message
 * reportClock, accepted from extension pages only) and the report arrives once, as the options page showed it,
 * and counts in the indicators. Then, with the collector down, the next report waits, survives a stopped worker
 * and a browser restart, and arrives exactly once when the collector is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadCatalogue } from '../../server/src/indicators/catalogue';
import { SqliteStore } from '../../server/src/store';
import { TokenRegistry } from '../../server/src/tokens';
import { ExtensionBrowser } from './harness';
import { FixtureServer } from './fixtures/server';
import type { WeeklyReport } from '../../lib/report/payload';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let fixtures: FixtureServer;
let browser: ExtensionBrowser;
let dataDir: string;
let store: SqliteStore;
let collector: FastifyInstance | undefined;
let port = 0;
let enrollment: string;
let admin: string;
/** The shift of the extension's report clock; the collector's clock follows it, as a real one would. */
let offset = 0;
const catalogue = loadCatalogue('seeds');

async function startCollector(): Promise<void> {
  collector = await buildApp({ store, catalogue, now: () => new Date(Date.now() + offset) });
  await collector.listen({ host: '127.0.0.1', port });
  port = (collector.server.address() as AddressInfo).port;
}

async function stopCollector(): Promise<void> {
  await collector?.close();
  collector = undefined;
}

/** Local midnight of the Monday of the week holding `ms` (the machine's time zone, as the extension's). */
function weekStart(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() || 7) - 1)).getTime();
}

function isoWeek(ms: number): string {
  const d = new Date(ms);
  const date = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.floor((date.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Sends a message to the background from an extension page, in @webext-core/messaging's wire format. */
async function message<T>(page: Page, type: string, data?: unknown): Promise<T> {
  const answer = await page.evaluate(
    ([t, d]) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ res?: unknown; err?: unknown }> } } }).chrome.runtime.sendMessage({
        id: Math.floor(Math.random() * 1e9),
        type: t,
        data: d,
        timestamp: Date.now(),
      }),
    [type, data] as const,
  );
  if (!answer || answer.err) throw new Error(`message ${type} failed: ${JSON.stringify(answer)}`);
  return answer.res as T;
}

/** Moves the report clock to `at` (ms, real-time based) and runs the hourly tick; returns the status. */
async function moveClockTo(control: Page, at: number): Promise<StatusLike> {
  offset = at - Date.now();
  expect(await message<{ ok: boolean }>(control, 'reportClock', offset)).toEqual({ ok: true });
  return message<StatusLike>(control, 'reportTick');
}

interface StatusLike {
  currentWeek: string;
  queue: { report: WeeklyReport; status: string; attempts: number; lastError?: string; nextAttemptAt: number }[];
  next: { report: WeeklyReport } | null;
}

async function storedReports(): Promise<{ reportId: string; week: string }[]> {
  return (await store.allReports()) as { reportId: string; week: string }[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'empreinte-collector-e2e-'));
  store = new SqliteStore(join(dataDir, 'collector.sqlite'));
  await store.migrate();
  const tokens = new TokenRegistry(store);
  enrollment = await tokens.issue('enrollment', null, isoWeek(Date.now()));
  admin = await tokens.issue('admin', null, isoWeek(Date.now()));
  await startCollector();
  fixtures = await FixtureServer.start();
  browser = await ExtensionBrowser.launch({ lang: 'fr' });
  await browser.ready();
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await stopCollector();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('weekly report, end to end', () => {
  const week0 = isoWeek(Date.now());
  const nextWeek = weekStart(Date.now()) + 7 * DAY;
  let sent: WeeklyReport;

  it('is off until a collector is configured, then shows what it will send', async () => {
    const options = await browser.openExtensionPage('options.html');
    const section = options.getByTestId('reporting-section');
    await section.waitFor();
    await expect(options.getByTestId('report-enabled').isDisabled()).resolves.toBe(true);
    expect(await options.getByTestId('report-state').textContent()).toContain('Aucun collecteur');

    await options.locator('#report-collector-url').fill(`http://127.0.0.1:${port}/`);
    await options.locator('#report-enrollment-token').fill(enrollment);
    await options.getByRole('button', { name: 'Enregistrer le collecteur' }).click();
    await options.getByTestId('report-saved').waitFor();
    // The switch reflects the background's answer (a controlled input), so click and wait for that answer.
    await options.getByTestId('report-enabled').click();
    await options.getByTestId('report-disclosure').waitFor();
    expect(await options.getByTestId('report-enabled').isChecked()).toBe(true);
    expect(await options.getByTestId('report-disclosure').textContent()).toContain(`127.0.0.1:${port}`);
    // The token is never shown back to the page.
    expect(await options.content()).not.toContain(enrollment);

    const violations = await new AxeBuilder({ page: options }).include('[data-testid="reporting-section"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await options.close();

    // The welcome page says it too, with the way to the options that show and stop it.
    const onboarding = await browser.openExtensionPage('onboarding.html');
    const notice = onboarding.getByTestId('onboarding-report');
    await notice.waitFor();
    expect(await notice.getAttribute('data-value')).toBe('active');
    expect(await notice.textContent()).toContain(`127.0.0.1:${port}`);
    const onboardingAxe = await new AxeBuilder({ page: onboarding }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(onboardingAxe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await onboarding.getByRole('link', { name: 'Voir son contenu exact, l’activer ou l’arrêter' }).click();
    await onboarding.waitForURL(/options\.html#reporting$/);
    await onboarding.getByTestId('reporting-section').waitFor();
    await onboarding.close();
  });

  it('counts the pages browsed, the guide and an adopted tip into the next report', async () => {
    // Two pages in one tab; the second navigation ends the first, closing the tab ends the second.
    const tab = await browser.context.newPage();
    const figures: number[] = [];
    for (const scenario of ['same-origin', 'gzip']) {
      await tab.goto(fixtures.url(scenario));
      await browser.settle(tab, fixtures);
      figures.push((await browser.readPopup(await browser.tabIdOf(tab))).transferBytes);
    }
    await tab.close();

    const guide = await browser.openExtensionPage('guide.html');
    const adopt = guide.locator('button[data-answer-choice="adopted"]').first();
    await adopt.waitFor();
    const tipId = (await adopt.getAttribute('data-tip'))!;
    await adopt.click();
    await expect.poll(() => adopt.getAttribute('aria-pressed')).toBe('true');
    await guide.close();

    const control = await browser.openExtensionPage('options.html');
    // The report's own counter holds exactly the bytes the popup showed for the two pages.
    await expect
      .poll(async () => {
        const stored = await control.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('report:counters'));
        return (stored['report:counters'] as { weeks: Record<string, { bytes: number }> } | undefined)?.weeks[week0]?.bytes;
      }, { timeout: 15_000 })
      .toBe(figures[0]! + figures[1]!);

    const status = await message<StatusLike>(control, 'reportStatus');
    expect(status.next?.report).toMatchObject({ week: week0, guideOpenedThisWeek: true, guideOpenedEver: true, tipsAdopted: [tipId], weightBand: '<100MB' });
    expect(status.next!.report.activeDays).toBeGreaterThanOrEqual(1);
    // The options page shows the same report as JSON.
    await control.reload();
    await control.getByTestId('report-next').waitFor();
    const shown = JSON.parse((await control.getByTestId('report-next-json').textContent())!) as WeeklyReport;
    expect({ ...shown, reportId: '' }).toEqual({ ...status.next!.report, reportId: '' });
    await control.close();
  });

  it('sends the finished week once, at a moment of the following week, and the indicators count it', async () => {
    const control = await browser.openExtensionPage('options.html');
    // Monday 01:00 of the next week: the report is built and waits for its random moment.
    let status = await moveClockTo(control, nextWeek + HOUR);
    const pending = status.queue.filter((i) => i.report.week === week0);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.status).toBe('pending');
    expect(pending[0]!.nextAttemptAt).toBeGreaterThanOrEqual(nextWeek + HOUR - 60_000);
    expect(pending[0]!.nextAttemptAt).toBeLessThan(nextWeek + 7 * DAY);
    expect((await storedReports()).length).toBe(0);

    // The week after that: due, sent, acknowledged.
    status = await moveClockTo(control, nextWeek + 7 * DAY + 30 * 60_000);
    const item = status.queue.find((i) => i.report.week === week0)!;
    expect(item.status).toBe('sent');
    sent = item.report;
    await moveClockTo(control, nextWeek + 7 * DAY + 3 * HOUR); // nothing more goes
    const stored = await storedReports();
    expect(stored.filter((r) => r.week === week0)).toHaveLength(1);
    expect(stored[0]).toMatchObject({ reportId: sent.reportId, week: week0, tipsAdopted: sent.tipsAdopted, guideOpenedThisWeek: true, weightBand: '<100MB' });

    // Four colleagues report too: with 5 reports the week's total may be published (never fewer than 5).
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${enrollment}` },
        body: JSON.stringify({ ...sent, reportId: randomUUID() }),
      });
      expect(res.status).toBe(202);
    }
    const indicators = await fetch(`http://127.0.0.1:${port}/v1/indicators?from=${week0}&to=${week0}`, { headers: { authorization: `Bearer ${admin}` } });
    const body = (await indicators.json()) as { weeks: { week: string; reports: { value: number | null } }[] };
    expect(body.weeks).toHaveLength(1);
    expect(body.weeks[0]).toMatchObject({ week: week0, reports: { value: 5 } });

    // The options page lists it as sent, with the exact JSON that left.
    await control.reload();
    const shown = control.getByTestId(`report-sent-${week0}-json`);
    await shown.waitFor({ state: 'attached' });
    expect(JSON.parse((await shown.textContent())!)).toEqual(sent);
    await control.close();
  });

  it('keeps the next report through an outage, a stopped worker and a browser restart, then sends it once', async () => {
    const week2Start = nextWeek + 7 * DAY;
    const week2 = isoWeek(week2Start);
    let control = await browser.openExtensionPage('options.html');
    // Activity in the report clock's current week (week0 + 2): a page browsed now counts there.
    const tab = await browser.context.newPage();
    await tab.goto(fixtures.url('same-origin'));
    await browser.settle(tab, fixtures);
    await tab.close();
    // The page counts once the worker hands finished pages over (about a second after it ends).
    await expect
      .poll(async () => (await message<StatusLike>(control, 'reportStatus')).next?.report.activeDays ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect((await message<StatusLike>(control, 'reportStatus')).next?.report.weightBand).toBe('<100MB');

    await stopCollector();
    await moveClockTo(control, week2Start + 7 * DAY + HOUR); // built
    let status = await moveClockTo(control, week2Start + 14 * DAY + HOUR); // due: the collector is down
    let item = status.queue.find((i) => i.report.week === week2)!;
    expect(item).toMatchObject({ status: 'pending', attempts: 1, lastError: 'network error' });
    const reportId = item.report.reportId;
    await control.close();

    await browser.stopExtensionWorker();
    await browser.restartBrowser();
    await browser.ready();
    control = await browser.openExtensionPage('options.html');
    status = await message<StatusLike>(control, 'reportStatus');
    item = status.queue.find((i) => i.report.week === week2)!;
    expect(item).toMatchObject({ status: 'pending', attempts: 1, report: { reportId } });

    // Still down at the next attempt: retried later, same report.
    status = await moveClockTo(control, item.nextAttemptAt + 60_000);
    item = status.queue.find((i) => i.report.week === week2)!;
    expect(item).toMatchObject({ status: 'pending', attempts: 2, report: { reportId } });

    await startCollector();
    await browser.stopExtensionWorker();
    status = await moveClockTo(control, item.nextAttemptAt + 60_000);
    item = status.queue.find((i) => i.report.week === week2)!;
    expect(item).toMatchObject({ status: 'sent', attempts: 3, report: { reportId } });
    await moveClockTo(control, item.nextAttemptAt + 3 * DAY);

    const stored = (await storedReports()).filter((r) => r.week === week2);
    expect(stored).toEqual([expect.objectContaining({ reportId })]);
    // The first report was not sent again either.
    expect((await storedReports()).filter((r) => r.reportId === sent.reportId)).toHaveLength(1);
    await control.close();
  });

  it("shows an ambassador their team's summary in the dashboard, hiding what comes from fewer than 5 reports", async () => {
    const control = await browser.openExtensionPage('options.html');
    // An ambassador of team "DSI" (sent as "dsi"), with the team token the DSI created for that team.
    await control.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ settings: { version: 1, role: 'ambassador', teamCode: 'DSI' } }),
    );
    const created = await fetch(`http://127.0.0.1:${port}/v1/teams/dsi/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: '{}',
    });
    expect(created.status).toBe(201);
    const teamToken = ((await created.json()) as { token: string }).token;
    await control.reload();
    await control.locator('#report-team-token').fill(teamToken);
    await control.getByRole('button', { name: 'Enregistrer le collecteur' }).click();
    await control.getByTestId('report-saved').waitFor();
    expect(await control.getByTestId('report-team').textContent()).toContain('« DSI » est envoyé sous la forme « dsi »');
    await control.close();

    // Six colleagues of team dsi reported on week0 (the earlier reports had no team): 6 is shown, other weeks hide 0.
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${enrollment}` },
        body: JSON.stringify({ ...sent, reportId: randomUUID(), team: 'dsi', role: 'agent' }),
      });
      expect(res.status).toBe(202);
    }
    const dashboard = await browser.openExtensionPage('dashboard.html');
    const section = dashboard.getByTestId('team-section');
    await dashboard.getByTestId('team-summary').waitFor();
    expect(await dashboard.getByTestId(`team-reports-${week0}`).textContent()).toBe('6');
    const previous = isoWeek(weekStart(Date.now()) - 7 * DAY);
    expect(await dashboard.getByTestId(`team-reports-${previous}`).textContent()).toBe('moins de 5');
    expect(await section.textContent()).not.toMatch(/\b0\b/);
    const violations = await new AxeBuilder({ page: dashboard }).include('[data-testid="team-section"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await dashboard.close();
  });

  it('drops what waits when the person turns reporting off', async () => {
    const control = await browser.openExtensionPage('options.html');
    const tab = await browser.context.newPage();
    await tab.goto(fixtures.url('same-origin'));
    await browser.settle(tab, fixtures);
    await tab.close();
    // The closed page reaches the week's counters when the worker hands finished pages over (about a second
    // later): until then this week may have no activity at all, and no report would be built for it.
    await expect.poll(async () => (await message<StatusLike>(control, 'reportStatus')).next?.report.activeDays ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    const current = (await message<StatusLike>(control, 'reportStatus')).currentWeek;
    // Build the report of the current report week, then turn reporting off before it is due.
    const at = weekStart(Date.now() + offset) + 7 * DAY + HOUR;
    let status = await moveClockTo(control, at);
    expect(status.queue.filter((i) => i.report.week === current && i.status === 'pending')).toHaveLength(1);
    await control.reload();
    await control.getByTestId('report-enabled').click();
    await expect.poll(async () => (await message<StatusLike>(control, 'reportStatus')).queue.filter((i) => i.status === 'pending').length).toBe(0);
    const before = (await storedReports()).length;
    status = await moveClockTo(control, at + 14 * DAY);
    expect(status.next).toBeNull();
    expect((await storedReports()).length).toBe(before);
    await control.close();
  });
});
