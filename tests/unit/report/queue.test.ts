import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { WeeklyReport } from '../../../lib/report/payload';
import {
  DAY,
  dropPending,
  due,
  dueMoment,
  EMPTY_QUEUE,
  enqueue,
  expireOld,
  GIVE_UP_AFTER,
  HOUR,
  outcomeOf,
  parseQueue,
  randomMomentOfWeek,
  settle,
  WEEK,
  type QueueState,
} from '../../../lib/report/queue';

let counter = 0;
/** A valid report with a fresh, predictable UUID v4. */
function report(week = '2026-W48', overrides: Partial<WeeklyReport> = {}): WeeklyReport {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  return {
    schema: 1,
    reportId: `00000000-0000-4000-8000-${hex}`,
    week,
    role: 'agent',
    activeDays: 2,
    guideOpenedThisWeek: false,
    guideOpenedEver: false,
    charterAcknowledged: false,
    tipsShown: 0,
    tipsAdopted: [],
    ...overrides,
  };
}

const T0 = Date.UTC(2026, 10, 30, 0, 0); // a Monday
const constant = (x: number) => () => x;
const ALMOST_ONE = 1 - 2 ** -40;

describe('randomMomentOfWeek and dueMoment', () => {
  it('draws a moment inside the week, covering its whole span', () => {
    expect(randomMomentOfWeek(T0, constant(0))).toBe(T0);
    expect(randomMomentOfWeek(T0, constant(0.5))).toBe(T0 + WEEK / 2);
    expect(randomMomentOfWeek(T0, constant(ALMOST_ONE))).toBe(T0 + WEEK - 1);
  });

  it('never schedules in the past: a late build draws from what is left of the sending week', () => {
    expect(dueMoment(T0, T0 - DAY, constant(0))).toBe(T0); // built before the week: its start
    expect(dueMoment(T0, T0 - DAY, constant(ALMOST_ONE))).toBe(T0 + WEEK - 1);
    const wednesday = T0 + 2 * DAY;
    expect(dueMoment(T0, wednesday, constant(0))).toBe(wednesday);
    expect(dueMoment(T0, wednesday, constant(0.5))).toBe(wednesday + (5 * DAY) / 2);
    const weeksLater = T0 + 3 * WEEK;
    expect(dueMoment(T0, weeksLater, constant(ALMOST_ONE))).toBe(weeksLater + DAY - 1);
  });

  it('stays within [max(now, start), end) for any inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3 * WEEK, max: 3 * WEEK }), fc.double({ min: 0, max: ALMOST_ONE, noNaN: true }), (delta, r) => {
        const now = T0 + delta;
        const at = dueMoment(T0, now, () => r);
        expect(at).toBeGreaterThanOrEqual(Math.max(now, T0));
        expect(at).toBeLessThan(Math.max(T0 + WEEK, now + DAY));
      }),
    );
  });
});

describe('enqueue and due', () => {
  it('queues a valid report as pending, due at the moment given', () => {
    const r = report();
    const q = enqueue(EMPTY_QUEUE, r, T0 + HOUR);
    expect(q.items).toEqual([{ report: r, dueAt: T0 + HOUR, nextAttemptAt: T0 + HOUR, attempts: 0, status: 'pending' }]);
    expect(q.builtWeeks).toEqual(['2026-W48']);
    expect(EMPTY_QUEUE.items).toEqual([]); // not mutated
  });

  it('never builds a week twice, even with another id', () => {
    const q = enqueue(EMPTY_QUEUE, report('2026-W48'), T0);
    expect(enqueue(q, report('2026-W48'), T0 + DAY)).toBe(q);
  });

  it('refuses a report that breaks the contract, naming the field', () => {
    expect(() => enqueue(EMPTY_QUEUE, { ...report(), activeDays: 8 }, T0)).toThrow('invalid report: activeDays');
    expect(() => enqueue(EMPTY_QUEUE, { ...report(), url: 'https://example.org' } as WeeklyReport, T0)).toThrow('url');
  });

  it('keeps the built weeks sorted and bounded', () => {
    let q: QueueState = EMPTY_QUEUE;
    for (let y = 2025; y <= 2026; y++) for (let w = 1; w <= 40; w++) q = enqueue(q, report(`${y}-W${String(w).padStart(2, '0')}`), T0);
    expect(q.builtWeeks).toHaveLength(60);
    expect(q.builtWeeks[0]).toBe('2025-W21');
    expect(q.builtWeeks.at(-1)).toBe('2026-W40');
  });

  it('returns the pending reports whose time has come, and only those', () => {
    const a = report('2026-W46');
    const b = report('2026-W47');
    let q = enqueue(enqueue(EMPTY_QUEUE, a, T0), b, T0 + DAY);
    expect(due(q, T0 - 1)).toEqual([]);
    expect(due(q, T0).map((i) => i.report.reportId)).toEqual([a.reportId]);
    expect(due(q, T0 + DAY).map((i) => i.report.reportId)).toEqual([a.reportId, b.reportId]);
    q = settle(q, a.reportId, { kind: 'accepted' }, T0, '2026-W49', constant(0));
    expect(due(q, T0 + WEEK).map((i) => i.report.reportId)).toEqual([b.reportId]);
  });
});

describe('outcomeOf', () => {
  it.each([
    [202, 'accepted'],
    [200, 'failed'], // a proxy or captive portal, not the collector's acknowledgement
    [201, 'failed'],
    [400, 'refused'],
    [413, 'refused'],
    [422, 'refused'],
    [0, 'failed'],
    [401, 'failed'],
    [403, 'failed'],
    [404, 'failed'],
    [429, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
  ])('HTTP %i is %s', (status, kind) => {
    expect(outcomeOf(status).kind).toBe(kind);
  });

  it('keeps the collector reason, or says what happened', () => {
    expect(outcomeOf(400, 'unknown_tip')).toEqual({ kind: 'refused', reason: 'unknown_tip' });
    expect(outcomeOf(0)).toEqual({ kind: 'failed', reason: 'network error' });
    expect(outcomeOf(503)).toEqual({ kind: 'failed', reason: 'HTTP 503' });
  });
});

describe('settle', () => {
  it('marks an accepted report sent in the given week', () => {
    const r = report();
    const q = settle(enqueue(EMPTY_QUEUE, r, T0), r.reportId, { kind: 'accepted' }, T0 + 5, '2026-W49', constant(0));
    expect(q.items[0]).toMatchObject({ status: 'sent', attempts: 1, sentWeek: '2026-W49' });
    expect(q.items[0]!.lastError).toBeUndefined();
  });

  it('marks a refused report rejected, for good', () => {
    const r = report();
    const q = settle(enqueue(EMPTY_QUEUE, r, T0), r.reportId, { kind: 'refused', reason: 'unknown_tip' }, T0, '2026-W49', constant(0));
    expect(q.items[0]).toMatchObject({ status: 'rejected', attempts: 1, lastError: 'unknown_tip' });
    expect(due(q, Infinity)).toEqual([]);
  });

  it('backs off exponentially from 1 hour, capped at 2 days, with full jitter', () => {
    const r = report();
    let q = enqueue(EMPTY_QUEUE, r, T0);
    const ceilings: number[] = [];
    let now = T0;
    for (let i = 0; i < 9; i++) {
      q = settle(q, r.reportId, { kind: 'failed', reason: 'network error' }, now, '2026-W49', constant(ALMOST_ONE));
      const item = q.items[0]!;
      ceilings.push(item.nextAttemptAt - now + 1);
      now = item.nextAttemptAt;
    }
    expect(ceilings).toEqual([1, 2, 4, 8, 16, 32, 48, 48, 48].map((h) => h * HOUR));
    expect(q.items[0]).toMatchObject({ status: 'pending', attempts: 9, lastError: 'network error' });
  });

  it('waits at least a minute, even when the jitter draws 0', () => {
    const r = report();
    const q = settle(enqueue(EMPTY_QUEUE, r, T0), r.reportId, { kind: 'failed', reason: 'x' }, T0, '2026-W49', constant(0));
    expect(q.items[0]!.nextAttemptAt).toBe(T0 + 60_000);
  });

  it('expires a report whose next attempt would fall more than 8 weeks after it was due', () => {
    const r = report();
    let q = enqueue(EMPTY_QUEUE, r, T0);
    let now = T0;
    let attempts = 0;
    while (q.items[0]!.status === 'pending') {
      q = settle(q, r.reportId, { kind: 'failed', reason: 'HTTP 503' }, now, '2026-W49', constant(ALMOST_ONE));
      now = q.items[0]!.nextAttemptAt;
      attempts++;
      expect(attempts).toBeLessThan(100);
    }
    expect(q.items[0]!.status).toBe('expired');
    // 1+2+…+32 h = 63 h, then 48 h steps: the last attempt is the first one within 48 h of the 8-week limit.
    expect(now).toBeGreaterThan(T0 + GIVE_UP_AFTER);
    expect(now - 48 * HOUR).toBeLessThanOrEqual(T0 + GIVE_UP_AFTER);
    expect(attempts).toBe(6 + Math.ceil((GIVE_UP_AFTER - 63 * HOUR) / (48 * HOUR)));
  });

  it('touches only the pending report with that id', () => {
    const a = report();
    const b = report('2026-W49');
    let q = enqueue(enqueue(EMPTY_QUEUE, a, T0), b, T0);
    q = settle(q, a.reportId, { kind: 'accepted' }, T0, '2026-W49', constant(0));
    const again = settle(q, a.reportId, { kind: 'failed', reason: 'late' }, T0, '2026-W49', constant(0));
    expect(again.items.find((i) => i.report.reportId === a.reportId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(again.items.find((i) => i.report.reportId === b.reportId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(settle(q, 'nope', { kind: 'accepted' }, T0, '2026-W49', constant(0)).items).toEqual(q.items);
  });

  it('keeps every pending report but only the 12 most recent finished ones', () => {
    let q: QueueState = EMPTY_QUEUE;
    const ids: string[] = [];
    for (let w = 1; w <= 20; w++) {
      const r = report(`2026-W${String(w).padStart(2, '0')}`);
      ids.push(r.reportId);
      q = enqueue(q, r, T0 + w * WEEK);
    }
    for (const id of ids.slice(0, 15)) q = settle(q, id, { kind: 'accepted' }, T0, '2026-W49', constant(0));
    expect(q.items.filter((i) => i.status === 'pending')).toHaveLength(5);
    expect(q.items.filter((i) => i.status === 'sent').map((i) => i.report.week)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-W${String(i + 4).padStart(2, '0')}`),
    );
    expect(q.builtWeeks).toHaveLength(20); // a forgotten item's week is still never built again
  });
});

describe('expireOld and dropPending', () => {
  it('expires pending reports never answered within 8 weeks of being due', () => {
    const a = report('2026-W40');
    const b = report('2026-W47');
    const q = enqueue(enqueue(EMPTY_QUEUE, a, T0 - GIVE_UP_AFTER - 1), b, T0);
    const out = expireOld(q, T0);
    expect(out.items.find((i) => i.report.reportId === a.reportId)).toMatchObject({ status: 'expired', lastError: 'not sent within 8 weeks' });
    expect(out.items.find((i) => i.report.reportId === b.reportId)!.status).toBe('pending');
    expect(expireOld(out, T0)).toBe(out);
  });

  it('drops what is pending, keeps what was sent, the built weeks, and forgets since when reporting was on', () => {
    const a = report('2026-W46');
    const b = report('2026-W47');
    let q: QueueState = { ...enqueue(enqueue(EMPTY_QUEUE, a, T0), b, T0), onSince: '2026-W45' };
    q = settle(q, a.reportId, { kind: 'accepted' }, T0, '2026-W48', constant(0));
    const out = dropPending(q);
    expect(out.items.map((i) => i.report.reportId)).toEqual([a.reportId]);
    expect(out.builtWeeks).toEqual(['2026-W46', '2026-W47']);
    expect('onSince' in out).toBe(false);
  });
});

describe('parseQueue', () => {
  it('reads nothing as empty, garbage as unreadable, a newer version as newer', () => {
    expect(parseQueue(undefined)).toEqual({ state: EMPTY_QUEUE, status: 'empty' });
    expect(parseQueue('x').status).toBe('unreadable');
    expect(parseQueue([]).status).toBe('unreadable');
    expect(parseQueue({ version: 1 }).status).toBe('unreadable');
    expect(parseQueue({ version: 2, items: [] }).status).toBe('newer');
  });

  it('round-trips through JSON', () => {
    const a = report('2026-W46');
    let q: QueueState = { ...enqueue(enqueue(EMPTY_QUEUE, a, T0), report('2026-W47'), T0 + 1), onSince: '2026-W45' };
    q = settle(q, a.reportId, { kind: 'failed', reason: 'HTTP 503' }, T0, '2026-W48', constant(0.5));
    expect(parseQueue(JSON.parse(JSON.stringify(q)))).toEqual({ state: q, status: 'ok' });
  });

  it('drops malformed items one by one, and never forgets the week of a kept item', () => {
    const good = report('2026-W47');
    const item = { report: good, dueAt: T0, nextAttemptAt: T0, attempts: 0, status: 'pending' };
    const { state, status } = parseQueue({
      version: 1,
      items: [
        item,
        { ...item, report: { ...report('2026-W46'), url: 'https://x' } },
        { ...item, report: report('2026-W45'), status: 'lost' },
        { ...item, report: report('2026-W44'), attempts: -1 },
        { ...item, report: report('2026-W43'), dueAt: 'soon' },
        null,
      ],
      builtWeeks: ['2026-W40', 'garbage', '2025-W53', 7],
      onSince: 'yesterday',
    });
    expect(status).toBe('ok');
    expect(state.items).toEqual([item]);
    expect(state.builtWeeks).toEqual(['2026-W40', '2026-W47']);
    expect(state.onSince).toBeUndefined();
  });
});
