import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  TIP_STATE_BACKUP_KEY,
  TIP_STATE_KEY,
  TipStore,
  WEEKS_KEPT,
  acknowledgeCharter,
  emptyTipState,
  historyOf,
  markActive,
  parseTipState,
  recordGuideOpened,
  recordShown,
  setAnswer,
  weekReport,
  type TipState,
} from '../../../lib/tips/state';
import { addDays } from '../../../lib/tips/week';

const MON = '2026-11-30'; // 2026-W49
const THU = '2026-12-03'; // 2026-W49
const NEXT_MON = '2026-12-07'; // 2026-W50

describe('answers', () => {
  it('are stored, changeable and withdrawable', () => {
    let s = setAnswer(emptyTipState(), 'video-quality', 'adopted', MON);
    expect(s.answers['video-quality']).toEqual({ answer: 'adopted', at: MON });
    s = setAnswer(s, 'video-quality', 'already', THU);
    expect(s.answers['video-quality']).toEqual({ answer: 'already', at: THU });
    s = setAnswer(s, 'video-quality', null, THU);
    expect(s.answers['video-quality']).toBeUndefined();
    expect(historyOf(s).answers['video-quality']).toBeUndefined();
  });

  it('count an adoption once in the week it was made, and take it back if changed', () => {
    let s = setAnswer(emptyTipState(), 'video-quality', 'adopted', MON);
    s = setAnswer(s, 'video-quality', 'adopted', NEXT_MON); // the same answer again, a week later
    expect(s.weekly['2026-W49']?.tipsAdopted).toEqual(['video-quality']);
    expect(s.weekly['2026-W50']?.tipsAdopted ?? []).toEqual([]);
    s = setAnswer(s, 'video-quality', 'not-for-me', NEXT_MON);
    expect(s.weekly['2026-W49']?.tipsAdopted).toEqual([]);
    s = setAnswer(s, 'video-quality', 'adopted', NEXT_MON);
    expect(s.weekly['2026-W50']?.tipsAdopted).toEqual(['video-quality']);
  });
});

describe('weekly counters (read by the weekly anonymous report)', () => {
  it('count the guide, the charter, tips shown per (tip, day) and tips adopted, per ISO week', () => {
    let s = emptyTipState();
    s = recordShown(s, ['a', 'b'], MON);
    s = recordShown(s, ['a'], MON); // same tip, same day: not counted again
    s = recordShown(s, ['a'], THU);
    s = recordGuideOpened(s, THU);
    s = acknowledgeCharter(s, THU);
    s = setAnswer(s, 'b', 'adopted', THU);
    s = recordShown(s, ['c'], NEXT_MON);
    expect(s.weekly['2026-W49']).toEqual({ guideOpened: true, charterAcknowledged: true, tipsShown: 3, tipsAdopted: ['b'] });
    expect(s.weekly['2026-W50']).toEqual({ guideOpened: false, charterAcknowledged: false, tipsShown: 1, tipsAdopted: [] });
    expect(s.shown.a).toEqual({ first: MON, last: THU, days: 2 });
    expect(s.activeDays).toEqual([MON, THU, NEXT_MON]);

    expect(weekReport(s, '2026-W49')).toEqual({
      week: '2026-W49',
      guideOpened: true,
      guideOpenedEver: true,
      charterAcknowledged: true,
      charterAcknowledgedEver: true,
      tipsShown: 3,
      tipsAdopted: 1,
      activeDays: 2,
    });
    expect(weekReport(s, '2026-W50')).toMatchObject({ guideOpened: false, guideOpenedEver: true, charterAcknowledgedEver: true, tipsShown: 1, activeDays: 1 });
    expect(weekReport(s, '2026-W48')).toMatchObject({ guideOpenedEver: false, charterAcknowledgedEver: false, tipsShown: 0, activeDays: 0 });
    expect(() => weekReport(s, '2026-49')).toThrow(RangeError);
  });

  it('keep the guide’s first opening and the charter’s first acknowledgement', () => {
    let s = recordGuideOpened(emptyTipState(), MON);
    s = recordGuideOpened(s, NEXT_MON);
    s = acknowledgeCharter(acknowledgeCharter(s, MON), NEXT_MON);
    expect(s.guideOpenedAt).toBe(MON);
    expect(s.charterAcknowledgedAt).toBe(MON);
    expect(s.weekly['2026-W50']).toMatchObject({ guideOpened: true, charterAcknowledged: true });
  });

  it('drop weeks older than kept', () => {
    let s = recordGuideOpened(emptyTipState(), MON);
    s = markActive(s, addDays(MON, 7 * WEEKS_KEPT));
    expect(s.weekly['2026-W49']).toBeUndefined();
    expect(s.activeDays).toContain(MON); // days are kept for a year
  });

  it('spend the day’s one ambient tip and remember which it was', () => {
    const s = recordShown(emptyTipState(), ['device-lifetime'], THU, 'ambient');
    expect(s.ambientDay).toBe(THU);
    expect(s.ambientTipId).toBe('device-lifetime');
    expect(historyOf(s).lastAmbientDay).toBe(THU);
    expect(recordShown(emptyTipState(), ['x'], THU).ambientDay).toBeUndefined();
  });
});

describe('reading the stored state', () => {
  const full = (): TipState => setAnswer(recordGuideOpened(recordShown(emptyTipState(), ['a'], MON), THU), 'a', 'adopted', THU);

  it('round-trips', () => {
    const s = full();
    expect(parseTipState(JSON.parse(JSON.stringify(s)))).toEqual({ state: s, status: 'ok' });
  });

  it('drops malformed entries one by one, not the whole state', () => {
    const raw = JSON.parse(JSON.stringify(full())) as Record<string, Record<string, unknown>>;
    raw.answers!.bad = { answer: 'maybe', at: THU };
    raw.answers!.worse = { answer: 'adopted', at: '2026-02-30' };
    raw.weekly!['2026-W99'] = { tipsShown: 4 };
    const { state, status } = parseTipState(raw);
    expect(status).toBe('ok');
    expect(Object.keys(state.answers)).toEqual(['a']);
    expect(Object.keys(state.weekly)).toEqual(['2026-W49']);
  });

  it('tells an empty, a newer and an unreadable value apart', () => {
    expect(parseTipState(undefined).status).toBe('empty');
    expect(parseTipState({ version: 2 }).status).toBe('newer');
    expect(parseTipState('garbage').status).toBe('unreadable');
    expect(parseTipState({ version: 0 }).status).toBe('unreadable');
  });
});

describe('TipStore', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saves updates in order and survives a new store instance (a restarted worker)', async () => {
    const store = new TipStore();
    await Promise.all([store.update((s) => setAnswer(s, 'a', 'adopted', THU)), store.update((s) => setAnswer(s, 'b', 'already', THU))]);
    const { state, status } = await new TipStore().load();
    expect(status).toBe('ok');
    expect(state.answers).toEqual({ a: { answer: 'adopted', at: THU }, b: { answer: 'already', at: THU } });
  });

  it('never overwrites a state written by a newer version', async () => {
    const newer = { version: 99, answers: { a: 'whatever' } };
    await fakeBrowser.storage.local.set({ [TIP_STATE_KEY]: newer });
    await new TipStore().update((s) => setAnswer(s, 'a', 'adopted', THU));
    expect((await fakeBrowser.storage.local.get(TIP_STATE_KEY))[TIP_STATE_KEY]).toEqual(newer);
  });

  it('sets an unreadable state aside before starting afresh', async () => {
    await fakeBrowser.storage.local.set({ [TIP_STATE_KEY]: 'corrupted' });
    await new TipStore().update((s) => recordGuideOpened(s, THU));
    const stored = await fakeBrowser.storage.local.get([TIP_STATE_KEY, TIP_STATE_BACKUP_KEY]);
    expect(stored[TIP_STATE_BACKUP_KEY]).toBe('corrupted');
    expect((stored[TIP_STATE_KEY] as TipState).guideOpenedAt).toBe(THU);
  });
});
