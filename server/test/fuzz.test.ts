/**
 * Fuzzing the edge: thousands of malformed, oversized, wrongly typed and extra-field requests, generated with
 * fast-check. Every one must get a 4xx whose body is { error: <reason code>, message: <plain words> } (naming the
 * field when one field is at fault), and the database must be exactly as it was before.
 *
 * Invalidity is decided independently of the collector: by construction (a missing required field, a key the
 * contract does not have, a body over 8 KB, text that JSON.parse refuses) or, for wrong values, by the contract's
 * plain validator findReportProblem (lib/report/payload.ts), which does not use ajv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { findReportProblem, MAX_REPORT_BYTES, weeklyReportSchema, type WeeklyReport } from '../../lib/report/payload';
import { buildApp } from '../src/app';
import type { Store } from '../src/store';
import { TokenRegistry } from '../src/tokens';
import { fixtureCatalogue, NOW, report, storeFactories } from './helpers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const KNOWN = Object.keys(weeklyReportSchema.properties);
const REQUIRED = [...weeklyReportSchema.required] as string[];

interface Attempt {
  kind: string;
  /** Raw body text as sent. */
  body: string;
  contentType?: string;
  /** Field the reason must name, when a single field is at fault. */
  field?: string;
  /** Expected status when it is fixed by the kind (413, 415). */
  status?: number;
  auth?: 'none' | 'wrong' | 'admin';
}

const validReport = fc
  .record({
    week: fc.constantFrom('2026-W45', '2026-W46', '2026-W47', '2026-W48'),
    role: fc.constantFrom('agent', 'elected', 'ambassador', 'webmaster' as const),
    team: fc.option(fc.constantFrom('dsi', 'culture', 'voirie'), { nil: undefined }),
    activeDays: fc.integer({ min: 0, max: 7 }),
    tipsAdopted: fc.subarray([...fixtureCatalogue.tipIds]),
  })
  .map(({ team, ...rest }) => report({ ...rest, ...(team ? { team } : {}) }) as unknown as Record<string, unknown>);

const withField = (r: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const copy = { ...r };
  // defineProperty so that "__proto__" and friends become real keys of the JSON text, as an attacker would send.
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
};

const extraField: fc.Arbitrary<Attempt> = fc
  .tuple(validReport, fc.string({ minLength: 1, maxLength: 24 }).filter((k) => !KNOWN.includes(k)), fc.jsonValue({ maxDepth: 3 }))
  .map(([r, key, value]) => ({ kind: 'extra field', body: JSON.stringify(withField(r, key, value)), field: key }));

const missingField: fc.Arbitrary<Attempt> = fc
  .tuple(validReport, fc.constantFrom(...REQUIRED))
  .map(([r, key]) => {
    const copy = { ...r };
    delete copy[key];
    return { kind: 'missing field', body: JSON.stringify(copy), field: key };
  });

/** A known field set to a value the contract refuses: other types, out of range, wrong patterns, near misses. */
const nearMisses: Record<string, unknown[]> = {
  schema: [0, 2, '1', 1.5, true],
  reportId: ['not-a-uuid', '00000000-0000-1000-8000-000000000000', 'F47AC10B-58CC-4372-A567-0E02B2C3D479', ''],
  week: ['2026-W54', '2026-W00', '2026-w47', '2026-47', '2025-W53', 202647],
  role: ['admin', 'Agent', '', null],
  team: ['A', 'x', 'Dsi', 'dsi team', 'a'.repeat(33), 12, null],
  activeDays: [-1, 8, 3.5, '3', null],
  guideOpenedThisWeek: [0, 1, 'true', null],
  guideOpenedEver: ['false', null, []],
  charterAcknowledged: [{}, 'yes'],
  tipsShown: [-1, 1001, 2.5, '4'],
  tipsAdopted: ['close-tabs', [1], ['Close-Tabs'], ['close-tabs', 'close-tabs'], ['a'.repeat(49)], Array(61).fill(0).map((_, i) => `t${i}`)],
  weightBand: ['<1MB', '', 0, null],
};
const wrongValue: fc.Arbitrary<Attempt> = fc
  .tuple(
    validReport,
    fc.constantFrom(...KNOWN),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
    fc.nat(),
  )
  .map(([r, key, random, i]) => {
    const misses = nearMisses[key]!;
    // Half the time a hand-written near miss, half the time any JSON value; undefined means "a near miss" too.
    const value = random === undefined || i % 2 === 0 ? misses[i % misses.length] : random;
    return { r, key, value };
  })
  .filter(({ r, key, value }) => findReportProblem(withField(r, key, value)) !== null)
  .map(({ r, key, value }) => ({ kind: 'wrong value', body: JSON.stringify(withField(r, key, value)), field: key }));

/** Schema-valid, refused on meaning: a week too old or in the future, a tip id that is not in the catalogue. */
const meaningless: fc.Arbitrary<Attempt> = fc.oneof(
  fc
    .tuple(validReport, fc.constantFrom('2020-W01', '2026-W30', '2027-W10', '2026-W53'))
    .map(([r, week]) => ({ kind: 'week out of range', body: JSON.stringify({ ...r, week }), field: 'week' })),
  fc
    .tuple(validReport, fc.stringMatching(/^[a-z]{3,10}(-[a-z0-9]{2,8}){0,2}$/).filter((t) => !fixtureCatalogue.tipIds.includes(t)))
    .map(([r, tip]) => ({ kind: 'unknown tip', body: JSON.stringify({ ...r, tipsAdopted: [tip] }), field: 'tipsAdopted' })),
);

const oversized: fc.Arbitrary<Attempt> = fc
  .tuple(validReport, fc.integer({ min: 1, max: 30_000 }), fc.boolean())
  .map(([r, extra, asField]) => {
    const text = JSON.stringify(r);
    const body = asField
      ? JSON.stringify({ ...r, padding: 'x'.repeat(MAX_REPORT_BYTES + extra) })
      : text + ' '.repeat(MAX_REPORT_BYTES - text.length + extra); // a valid report, only too long
    return { kind: 'oversized', body, status: 413 };
  });

const notJson: fc.Arbitrary<Attempt> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 200 }).filter((t) => {
    try {
      JSON.parse(t);
      return false;
    } catch {
      return true;
    }
  }),
  // A valid report cut short anywhere.
  fc.tuple(validReport, fc.double({ min: 0.01, max: 0.99, noNaN: true })).map(([r, at]) => {
    const t = JSON.stringify(r);
    return t.slice(0, Math.max(1, Math.floor(t.length * at)));
  }),
).map((body) => ({ kind: 'not JSON', body }));

const notAnObject: fc.Arbitrary<Attempt> = fc
  .jsonValue({ maxDepth: 2 })
  .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
  .map((v) => ({ kind: 'not an object', body: JSON.stringify(v) }));

const wrongType: fc.Arbitrary<Attempt> = fc
  .tuple(validReport, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml', 'text/json'))
  .map(([r, contentType]) => ({ kind: 'wrong content type', body: JSON.stringify(r), contentType, status: 415 }));

const wrongAuth: fc.Arbitrary<Attempt> = fc
  .tuple(validReport, fc.constantFrom('none' as const, 'wrong' as const, 'admin' as const))
  .map(([r, auth]) => ({ kind: 'no valid token', body: JSON.stringify(r), auth, status: 401 }));

const attemptArb: fc.Arbitrary<Attempt> = fc.oneof(
  { arbitrary: extraField, weight: 3 },
  { arbitrary: missingField, weight: 2 },
  { arbitrary: wrongValue, weight: 4 },
  { arbitrary: meaningless, weight: 1 },
  { arbitrary: oversized, weight: 1 },
  { arbitrary: notJson, weight: 2 },
  { arbitrary: notAnObject, weight: 1 },
  { arbitrary: wrongType, weight: 1 },
  { arbitrary: wrongAuth, weight: 1 },
);

/** Written apart from the collector's parser: a prototype-poisoning key anywhere in a JSON body. */
function poisonKey(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    for (const [k, inner] of Object.entries(v)) {
      if (k === '__proto__') return k;
      if (k === 'constructor' && typeof inner === 'object' && inner !== null && 'prototype' in inner) return k;
      stack.push(inner);
    }
  }
  return undefined;
}

function expectReason(res: LightMyRequestResponse, attempt: Attempt): void {
  const where = `${attempt.kind}: ${attempt.body.slice(0, 120)}`;
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, where).toBeLessThan(500);
  if (attempt.status) expect(res.statusCode, where).toBe(attempt.status);
  const body = res.json() as { error: unknown; message: unknown };
  expect(Object.keys(body).sort(), where).toEqual(['error', 'message']);
  expect(body.error, where).toMatch(/^[a-z_]+$/);
  expect(typeof body.message === 'string' && body.message.length > 10, where).toBe(true);
  const poison = attempt.status ? undefined : poisonKey(attempt.body);
  if (poison) {
    expect(body.error, where).toBe('forbidden_key');
    expect(body.message, where).toContain(poison);
  } else if (attempt.field) {
    expect(body.message, where).toContain(attempt.field);
  }
}

describe.each(storeFactories)('fuzzing the collector edge on $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let enrollment: string;
  let admin: string;
  let snapshot: () => Promise<string>;

  beforeAll(async () => {
    ({ store, dispose } = await factory.open());
    app = await buildApp({ store, catalogue: fixtureCatalogue, now: () => NOW, rateLimit: false });
    const registry = new TokenRegistry(store);
    enrollment = await registry.issue('enrollment', null, '2026-W49');
    admin = await registry.issue('admin', null, '2026-W49');
    // Some data already there, so that "unchanged" is not trivially "still empty".
    for (const week of ['2026-W46', '2026-W47']) {
      for (let i = 0; i < 6; i += 1) {
        const r: WeeklyReport = report({ week, team: i % 2 ? 'dsi' : undefined, tipsAdopted: ['close-tabs'] });
        if (r.team === undefined) delete r.team;
        const res = await app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${enrollment}` }, payload: r });
        expect(res.statusCode).toBe(202);
      }
    }
    await store.insertAwarenessAction({ date: '2026-11-12', week: '2026-W46', kind: 'training', audience: 'agents', attendees: 12 });
    snapshot = async () =>
      JSON.stringify({
        reports: await store.allReports(),
        actions: await store.awarenessActions('2000-W01', '2099-W01'),
        tokens: await store.tokens(),
      });
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it(`answers ${RUNS} bad reports with a 4xx and a reason, and stores nothing`, async () => {
    const before = await snapshot();
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(attemptArb, async (attempt) => {
        kinds.set(attempt.kind, (kinds.get(attempt.kind) ?? 0) + 1);
        const token = attempt.auth === 'none' ? undefined : attempt.auth === 'wrong' ? 'A'.repeat(43) : attempt.auth === 'admin' ? admin : enrollment;
        const res = await app.inject({
          method: 'POST',
          url: '/v1/reports',
          headers: {
            'content-type': attempt.contentType ?? 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          payload: attempt.body,
        });
        expectReason(res, attempt);
      }),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
    // Every family of bad input was actually tried.
    expect([...kinds.keys()].sort()).toEqual(
      ['extra field', 'missing field', 'wrong value', 'oversized', 'not JSON', 'not an object', 'wrong content type', 'no valid token', 'week out of range', 'unknown tip']
        .sort(),
    );
  }, 180_000);

  it('answers bad awareness actions and team-token requests with a 4xx and a reason, and stores nothing', async () => {
    const before = await snapshot();
    const valid = { date: '2026-11-20', kind: 'workshop', audience: 'mixed', attendees: 14, team: 'dsi' };
    const expected: Record<string, (v: unknown) => boolean> = {
      date: (v) => typeof v === 'string',
      kind: (v) => typeof v === 'string',
      audience: (v) => typeof v === 'string',
      attendees: (v) => typeof v === 'number' && Number.isInteger(v),
      team: (v) => typeof v === 'string',
    };
    const awareness = fc.oneof(
      fc.tuple(fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !(k in valid)), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({
        body: withField(valid, k, v),
        field: k,
      })),
      fc.constantFrom('date', 'kind', 'audience', 'attendees').map((k) => {
        const copy: Record<string, unknown> = { ...valid };
        delete copy[k];
        return { body: copy, field: k };
      }),
      fc
        .tuple(fc.constantFrom(...Object.keys(valid)), fc.jsonValue({ maxDepth: 2 }))
        .filter(([k, v]) => !expected[k]!(v))
        .map(([k, v]) => ({ body: { ...valid, [k]: v }, field: k })),
      fc
        .constantFrom(['attendees', -1], ['attendees', 100_001], ['date', '2026-02-31'], ['date', '20-11-2026'], ['kind', 'party'], ['team', 'D S I'])
        .map(([k, v]) => ({ body: { ...valid, [k as string]: v }, field: k as string })),
    );
    await fc.assert(
      fc.asyncProperty(awareness, async ({ body, field }) => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/awareness-actions',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expectReason(res, { kind: 'awareness', body: JSON.stringify(body), field });
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    const teamBodies = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
      fc.record({ replace: fc.jsonValue().filter((v) => typeof v !== 'boolean') }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'replace'), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(teamBodies, fc.constantFrom('dsi', 'X', 'a b', '-'.repeat(40)), async (body, team) => {
        const res = await app.inject({
          method: 'POST',
          url: `/v1/teams/${encodeURIComponent(team)}/tokens`,
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expectReason(res, { kind: 'team token', body: JSON.stringify(body) });
      }),
      { numRuns: Math.ceil(RUNS / 8) },
    );
    expect(await snapshot()).toBe(before);
  }, 180_000);
});
