import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { Store } from '../src/store';
import { TokenRegistry } from '../src/tokens';
import { fixtureCatalogue, NOW, report, storeFactories } from './helpers';

describe.each(storeFactories)('collector API on $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let enrollment: string;
  let admin: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ({ store, dispose } = await factory.open());
    app = await buildApp({ store, catalogue: fixtureCatalogue, now: () => NOW, rateLimit: false });
    const registry = new TokenRegistry(store);
    enrollment = await registry.issue('enrollment', null, '2026-W49');
    admin = await registry.issue('admin', null, '2026-W49');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const post = (body: unknown, headers: Record<string, string> = auth(enrollment)) =>
    app.inject({ method: 'POST', url: '/v1/reports', headers, payload: body as object });

  it('GET /healthz answers ok with the store in use', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', store: store.dialect });
  });

  it('unknown routes are 404 with a reason', async () => {
    const res = await app.inject('/v1/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'No such route.' });
  });

  describe('POST /v1/reports', () => {
    it('stores a report (202) and counts a re-sent report id once (202, duplicate)', async () => {
      const r = report({ week: '2026-W46', team: 'dsi', tipsAdopted: ['close-tabs'], weightBand: '1-5GB' });
      const first = await post(r);
      expect(first.statusCode).toBe(202);
      expect(first.json()).toEqual({ status: 'stored' });
      const again = await post({ ...r, activeDays: 7 });
      expect(again.statusCode).toBe(202);
      expect(again.json()).toEqual({ status: 'duplicate' });
      const stored = (await store.allReports()).filter((s) => s.reportId === r.reportId);
      expect(stored).toEqual([
        {
          reportId: r.reportId,
          week: '2026-W46',
          role: 'agent',
          team: 'dsi',
          activeDays: 3, // the first copy wins
          guideOpenedThisWeek: false,
          guideOpenedEver: true,
          charterAcknowledged: false,
          tipsShown: 4,
          tipsAdopted: ['close-tabs'],
          weightBand: '1-5GB',
        },
      ]);
    });

    it.each([
      ['no header', {}],
      ['a wrong token', auth('x'.repeat(43))],
      ['a malformed header', { authorization: 'Basic abc' }],
    ])('refuses %s with 401', async (_n, headers) => {
      const res = await post(report(), headers as Record<string, string>);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json().error).toBe('unauthorized');
    });

    it('refuses the admin token: reporting needs the enrollment token', async () => {
      expect((await post(report(), auth(admin))).statusCode).toBe(401);
    });

    it.each([
      ['a missing field', (() => { const { role: _r, ...rest } = report(); return rest; })(), 'missing_field', "Missing field 'role'."],
      ['an extra field', { ...report(), url: 'https://example.org/' }, 'unknown_field', "Unknown field 'url' is not allowed."],
      ['a string for a number', { ...report(), activeDays: '3' }, 'invalid_field', "The field 'activeDays' must be integer."],
      ['8 active days', { ...report(), activeDays: 8 }, 'invalid_field', "The field 'activeDays' must be <= 7."],
      ['a bad tip id', { ...report(), tipsAdopted: ['Close tabs'] }, 'invalid_field', "The field 'tipsAdopted[0]' must match pattern \"^[a-z0-9]+(?:-[a-z0-9]+)*$\"."],
      ['an unknown tip', { ...report(), tipsAdopted: ['close-tabs', 'jean-dupont'] }, 'unknown_tip', "The field 'tipsAdopted[1]' is not a tip of the catalogue."],
      ['a week that does not exist', { ...report(), week: '2025-W53' }, 'invalid_field', "The field 'week' names a week that does not exist (2025-W53)."],
      ['a week too old', { ...report(), week: '2026-W30' }, 'week_out_of_range', "The field 'week' must be between 10 weeks ago and 2 weeks ahead (got 2026-W30)."],
      ['a week in the future', { ...report(), week: '2027-W10' }, 'week_out_of_range', "The field 'week' must be between 10 weeks ago and 2 weeks ahead (got 2027-W10)."],
      ['an array', [report()], 'invalid_body', 'The body must be a JSON object.'],
    ])('refuses %s with 400 naming the field', async (_n, body, error, message) => {
      const before = (await store.allReports()).length;
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error, message });
      expect((await store.allReports()).length).toBe(before);
    });

    it('refuses broken JSON, an empty body and a non-JSON type', async () => {
      const broken = await app.inject({
        method: 'POST', url: '/v1/reports', payload: '{"schema":1,',
        headers: { ...auth(enrollment), 'content-type': 'application/json' },
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error).toBe('invalid_json');
      const empty = await app.inject({
        method: 'POST', url: '/v1/reports', payload: '',
        headers: { ...auth(enrollment), 'content-type': 'application/json' },
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error).toBe('empty_body');
      const text = await app.inject({
        method: 'POST', url: '/v1/reports', payload: 'hello',
        headers: { ...auth(enrollment), 'content-type': 'text/plain' },
      });
      expect(text.statusCode).toBe(415);
      expect(text.json().error).toBe('unsupported_media_type');
    });

    it('refuses a body over 8 KB with 413', async () => {
      const res = await app.inject({
        method: 'POST', url: '/v1/reports',
        payload: JSON.stringify({ ...report(), padding: 'x'.repeat(8 * 1024) }),
        headers: { ...auth(enrollment), 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ error: 'payload_too_large', message: 'The body is larger than 8192 bytes.' });
    });
  });

  describe('GET /v1/indicators', () => {
    beforeAll(async () => {
      // Week 47: 12 agents of team "dsi" (7 adopt close-tabs, 2 lower-video) and 1 ambassador, 6 agents of "rh"
      // (5 adopt close-tabs), 5 elected without team (all acknowledged the charter). Week 49 is not published yet.
      const reports = [
        ...Array.from({ length: 12 }, (_, i) =>
          report({ team: 'dsi', guideOpenedThisWeek: i < 6, tipsAdopted: i < 7 ? ['close-tabs'] : i < 9 ? ['lower-video'] : [] }),
        ),
        ...Array.from({ length: 6 }, (_, i) =>
          report({ team: 'rh', guideOpenedThisWeek: true, tipsAdopted: i < 5 ? ['close-tabs'] : [] }),
        ),
        ...Array.from({ length: 5 }, () => report({ role: 'elected', charterAcknowledged: true })),
        report({ role: 'ambassador', team: 'dsi' }),
        ...Array.from({ length: 8 }, () => report({ week: '2026-W49', tipsAdopted: ['dark-mode'] })),
      ];
      for (const r of reports) expect((await post(r)).statusCode).toBe(202);
    });

    const get = (url: string, token = admin) => app.inject({ method: 'GET', url, headers: auth(token) });

    it('needs the admin token', async () => {
      expect((await app.inject('/v1/indicators?from=2026-W40&to=2026-W49')).statusCode).toBe(401);
      expect((await get('/v1/indicators?from=2026-W40&to=2026-W49', enrollment)).statusCode).toBe(401);
    });

    it.each([
      ['/v1/indicators?to=2026-W49', 'missing_field', "Missing query parameter 'from'."],
      ['/v1/indicators?from=2026-W49&to=2026-W40', 'invalid_range', "The query parameter 'from' must not be after 'to'."],
      ['/v1/indicators?from=2020-W01&to=2026-W49', 'invalid_range', "The range from 'from' to 'to' may span at most 160 weeks."],
      ['/v1/indicators?from=2025-W53&to=2026-W49', 'invalid_field', "The query parameter 'from' names a week that does not exist."],
      ['/v1/indicators?from=2026-W1&to=2026-W49', 'invalid_field', "The query parameter 'from' must NOT have fewer than 8 characters."],
      ['/v1/indicators?from=2026-W01&to=2026-W49&team=dsi', 'unknown_field', "Unknown query parameter 'team' is not allowed."],
    ])('refuses %s', async (url, error, message) => {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error, message });
    });

    it('returns protected figures per week and for the period, closed weeks only', async () => {
      const res = await get('/v1/indicators?from=2026-W46&to=2026-W49');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.publishedThrough).toBe('2026-W47');
      expect(body.threshold).toBe(5);
      expect(body.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W46', '2026-W47']);
      const w47 = body.weeks[1];
      expect(w47.reports).toEqual({ value: 24 });
      expect(w47.roles.agent).toEqual({ value: 18 });
      // 1 ambassador and 0 webmaster: below 5, hidden. Since the four roles add up to the reports, the hidden
      // ones would still sum to 1 by subtraction: the smallest visible role (5 elected) is hidden with them.
      expect(w47.roles.ambassador).toEqual({ value: null, suppressed: true });
      expect(w47.roles.webmaster).toEqual({ value: null, suppressed: true });
      expect(w47.roles.elected).toEqual({ value: null, suppressed: true });
      expect(w47.guideOpenedThisWeek).toEqual({ value: 12 });
      expect(w47.rates.guideOpenedThisWeek).toEqual({ value: 0.5 });
      // All 5 elected acknowledged: "5 of 5" tells about each of them (0 did not), so it is hidden.
      expect(w47.charterAcknowledgedElected).toEqual({ value: null, suppressed: true });
      expect(w47.tips['close-tabs']).toEqual({ value: 12 });
      expect(w47.tips['lower-video']).toEqual({ value: null, suppressed: true });
      expect(w47.adoptedAtLeastOne).toEqual({ value: 14 });
      expect(w47.rates.adoptedAtLeastOne).toEqual({ value: 0.5833 });
      // Action 04 has one tip, nobody adopted it: 0 is below 5, never shown as 0.
      expect(w47.actions['04']).toEqual({ value: null, suppressed: true });
      expect(w47.axes['1']).toEqual({ value: 12 });
      // The period sums only the published weeks (week 46 has a single report: everything of it is hidden).
      expect(body.period.reports).toEqual({ value: 24, weeksHidden: 1 });
      expect(body.period.to).toBe('2026-W47'); // the unpublished week 49 counts nowhere
      expect(body.period.reports.value).toBe(24);
    });

    it('exports the same figures as CSV, with suppressed cells empty, never 0', async () => {
      const res = await get('/v1/indicators?from=2026-W46&to=2026-W47&format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = res.body.trim().split('\r\n');
      expect(lines[0]).toBe('week,indicator,key,value,suppressed');
      expect(lines).toContain('2026-W47,reports,,24,false');
      expect(lines).toContain('2026-W47,tip,close-tabs,12,false');
      expect(lines).toContain('2026-W47,tip,lower-video,,true');
      expect(lines).toContain('2026-W47,ambassadors,,,true');
      expect(lines).toContain('2026-W46..2026-W47,reports,,24,false');
    });
  });

  describe('POST /v1/awareness-actions', () => {
    const body = { date: '2026-11-19', kind: 'training', audience: 'agents', attendees: 14 };
    const postAction = (payload: unknown, token = admin) =>
      app.inject({ method: 'POST', url: '/v1/awareness-actions', headers: auth(token), payload: payload as object });

    it('records a session, which the indicators then count', async () => {
      const res = await postAction(body);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ ...body, week: '2026-W47', team: null });
      const ind = await app.inject({ url: '/v1/indicators?from=2026-W47&to=2026-W47', headers: auth(admin) });
      expect(ind.json().weeks[0].awarenessActions).toEqual({ count: 1, attendees: 14 });
      expect(ind.json().awarenessActions).toEqual([expect.objectContaining({ date: '2026-11-19', kind: 'training' })]);
    });

    it.each([
      [{ ...body, date: '2026-02-31' }, 'invalid_field', "The field 'date' is not a calendar day (2026-02-31)."],
      [{ ...body, kind: 'party' }, 'invalid_field', "The field 'kind' must be equal to one of the allowed values."],
      [{ ...body, attendees: -1 }, 'invalid_field', "The field 'attendees' must be >= 0."],
      [{ ...body, speaker: 'someone' }, 'unknown_field', "Unknown field 'speaker' is not allowed."],
    ])('refuses %j', async (payload, error, message) => {
      const res = await postAction(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error, message });
    });

    it('needs the admin token', async () => {
      expect((await postAction(body, enrollment)).statusCode).toBe(401);
    });
  });

  describe('team tokens and summaries', () => {
    const createToken = (team: string, payload: unknown = {}, token = admin) =>
      app.inject({ method: 'POST', url: `/v1/teams/${team}/tokens`, headers: auth(token), payload: payload as object });

    it('issues a team token once, which opens that team summary only', async () => {
      const created = await createToken('dsi');
      expect(created.statusCode).toBe(201);
      const { token, team, revoked } = created.json();
      expect(team).toBe('dsi');
      expect(revoked).toBe(0);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await store.tokens()).some((t) => t.hash.includes(token))).toBe(false);

      const summary = await app.inject({ url: '/v1/teams/dsi/summary?weeks=3', headers: auth(token) });
      expect(summary.statusCode).toBe(200);
      const s = summary.json();
      expect(s.team).toBe('dsi');
      expect(s.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W45', '2026-W46', '2026-W47']);
      // Team dsi in week 47: 13 reports (12 agents + 1 ambassador); 7 adopted close-tabs.
      expect(s.weeks[2].reports).toEqual({ value: 13 });
      expect(s.weeks[2].tips['close-tabs']).toEqual({ value: 7 });
      expect(s.weeks[2].roles.ambassador).toEqual({ value: null, suppressed: true });
      expect(s.period.reports).toEqual({ value: 13, weeksHidden: 2 });

      const other = await app.inject({ url: '/v1/teams/rh/summary', headers: auth(token) });
      expect(other.statusCode).toBe(403);
      expect(other.json().error).toBe('forbidden');
      const byAdmin = await app.inject({ url: '/v1/teams/rh/summary', headers: auth(admin) });
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json().weeks).toHaveLength(12);
      // rh's 5 close-tabs are hidden although 5 is enough on its own: the organisation shows 12 and dsi 7, so
      // showing rh would tell that nobody without a team adopted it (12 - 7 - 5 = 0).
      expect(byAdmin.json().weeks[11].tips['close-tabs']).toEqual({ value: null, suppressed: true });
    });

    it('replace: true revokes the earlier tokens of the team', async () => {
      const first = (await createToken('voirie')).json().token as string;
      const second = await createToken('voirie', { replace: true });
      expect(second.json().revoked).toBe(1);
      expect((await app.inject({ url: '/v1/teams/voirie/summary', headers: auth(first) })).statusCode).toBe(401);
      const fresh = second.json().token as string;
      expect((await app.inject({ url: '/v1/teams/voirie/summary', headers: auth(fresh) })).statusCode).toBe(200);
    });

    it.each([
      ['/v1/teams/Bad%20Team/summary', 'invalid_field'],
      ['/v1/teams/dsi/summary?weeks=0', 'invalid_field'],
      ['/v1/teams/dsi/summary?weeks=105', 'invalid_field'],
      ['/v1/teams/dsi/summary?weeks=abc', 'invalid_field'],
      ['/v1/teams/dsi/summary?format=csv', 'unknown_field'],
    ])('refuses %s with 400', async (url, error) => {
      const res = await app.inject({ url, headers: auth(admin) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe(error);
    });

    it('refuses token creation without the admin token, or with extra fields', async () => {
      expect((await createToken('dsi', {}, enrollment)).statusCode).toBe(401);
      const extra = await createToken('dsi', { replace: true, name: 'x' });
      expect(extra.statusCode).toBe(400);
      expect(extra.json()).toEqual({ error: 'unknown_field', message: "Unknown field 'name' is not allowed." });
      expect((await app.inject({ url: '/v1/teams/dsi/summary' })).statusCode).toBe(401);
    });
  });
});

describe('collector edge', () => {
  it('answers 429 when one source floods, and stores nothing from refused requests', async () => {
    const [factory] = storeFactories;
    const { store, dispose } = await factory!.open();
    const app = await buildApp({ store, catalogue: fixtureCatalogue, now: () => NOW, rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const token = await new TokenRegistry(store).issue('enrollment', null, '2026-W49');
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${token}` }, payload: report() });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().error).toBe('rate_limited');
    }
    expect(codes).toEqual([202, 202, 202, 429, 429]);
    expect(await store.allReports()).toHaveLength(3);
    expect((await app.inject('/healthz')).statusCode).toBe(200); // health checks are not limited
    await app.close();
    await dispose();
  });

  it('hides the detail of a 5xx', async () => {
    const [factory] = storeFactories;
    const { store, dispose } = await factory!.open();
    const broken = Object.create(store) as typeof store;
    broken.insertReport = async () => {
      throw new Error('disk /var/secret/path full');
    };
    const app = await buildApp({ store: broken, catalogue: fixtureCatalogue, now: () => NOW, rateLimit: false });
    const token = await new TokenRegistry(store).issue('enrollment', null, '2026-W49');
    const res = await app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${token}` }, payload: report() });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal_error', message: 'Internal error.' });
    expect(res.body).not.toContain('secret');
    await app.close();
    await dispose();
  });
});
