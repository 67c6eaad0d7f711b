/*
 * The person's tip state, kept in browser.storage.local under the key "tips" and nowhere else: their answers to
 * tips (changeable at any time), which tips were shown and when, and per-ISO-week counters that a later weekly
 * anonymous report reads (guide consultation rate, charter acknowledgement, practices adopted: the Axis 1
 * indicators of the strategy). Reducers are pure and tested; `TipStore` does the I/O.
 *
 * Stored shape, version 1 (every date is a local calendar day, every week an ISO week, see ./week):
 * {
 *   version: 1,
 *   answers: { "video-quality": { answer: "adopted", at: "2026-12-03" } },    // "adopted" | "already" | "not-for-me"
 *   shown: { "video-quality": { first: "2026-12-01", last: "2026-12-03", days: 2 } },  // days: distinct days shown
 *   ambientDay: "2026-12-03",           // last day a new tip was shown outside the popup (absent: never)
 *   ambientTipId: "device-lifetime",    // the tip shown outside the popup that day
 *   guideOpenedAt: "2026-12-02",         // first day the guide was opened (absent: never)
 *   charterAcknowledgedAt: "2026-12-03", // first acknowledgement of the charter (absent: never)
 *   weekly: { "2026-W49": { guideOpened: true, charterAcknowledged: false, tipsShown: 3, tipsAdopted: ["video-quality"] } },
 *   activeDays: ["2026-12-01", "2026-12-03"]  // sorted, unique: days the person opened the popup or the guide
 * }
 * weekly.tipsShown counts (tip, day) pairs: a tip shown again the same day is not counted twice.
 * weekly.tipsAdopted lists the tips answered "adopted" that week; changing the answer the same week removes it.
 * Weeks older than WEEKS_KEPT and days older than DAYS_ACTIVE_KEPT are dropped.
 */
import { browser } from 'wxt/browser';
import { ANSWERS, type Answer, type TipHistory } from './engine';
import { addDays, isDayKey, isoWeek, isWeekKey, type DayKey, type WeekKey } from './week';

export const TIP_STATE_KEY = 'tips';
/** Where an unreadable stored state is set aside before starting afresh (never silently discarded). */
export const TIP_STATE_BACKUP_KEY = 'tips:unreadable';
export const TIP_STATE_VERSION = 1;
export const WEEKS_KEPT = 26;
export const DAYS_ACTIVE_KEPT = 366;

export interface WeeklyCounters {
  guideOpened: boolean;
  charterAcknowledged: boolean;
  tipsShown: number;
  tipsAdopted: string[];
}

export interface TipState {
  version: typeof TIP_STATE_VERSION;
  answers: Record<string, { answer: Answer; at: DayKey }>;
  shown: Record<string, { first: DayKey; last: DayKey; days: number }>;
  ambientDay?: DayKey;
  /** The tip shown outside the popup on `ambientDay`, so that it can be shown again that day (it is no longer new). */
  ambientTipId?: string;
  guideOpenedAt?: DayKey;
  charterAcknowledgedAt?: DayKey;
  weekly: Record<WeekKey, WeeklyCounters>;
  activeDays: DayKey[];
}

export function emptyTipState(): TipState {
  return { version: TIP_STATE_VERSION, answers: {}, shown: {}, weekly: {}, activeDays: [] };
}

export function emptyWeek(): WeeklyCounters {
  return { guideOpened: false, charterAcknowledged: false, tipsShown: 0, tipsAdopted: [] };
}

// ---- reducers (pure: each returns a new state) -----------------------------------------------------------

function withWeek(state: TipState, day: DayKey, change: (week: WeeklyCounters) => WeeklyCounters): TipState {
  const key = isoWeek(day);
  const current = state.weekly[key] ?? emptyWeek();
  return prune({ ...state, weekly: { ...state.weekly, [key]: change({ ...current, tipsAdopted: [...current.tipsAdopted] }) } });
}

/** Marks `day` as a day the person used Empreinte's pages. */
export function markActive(state: TipState, day: DayKey): TipState {
  if (state.activeDays.includes(day)) return state;
  return prune({ ...state, activeDays: [...state.activeDays, day].sort() });
}

/** Tips displayed on `day`; `surface: 'ambient'` also spends the day's one tip outside the popup. */
export function recordShown(state: TipState, tipIds: readonly string[], day: DayKey, surface: 'popup' | 'ambient' = 'popup'): TipState {
  let next = markActive(state, day);
  const shown = { ...next.shown };
  let fresh = 0;
  for (const id of tipIds) {
    const entry = shown[id];
    if (entry?.last === day) continue;
    shown[id] = entry ? { first: entry.first, last: day, days: entry.days + 1 } : { first: day, last: day, days: 1 };
    fresh++;
  }
  next = { ...next, shown, ...(surface === 'ambient' && tipIds[0] !== undefined ? { ambientDay: day, ambientTipId: tipIds[0] } : {}) };
  return fresh === 0 ? next : withWeek(next, day, (w) => ({ ...w, tipsShown: w.tipsShown + fresh }));
}

/**
 * Records (or, with null, withdraws) the person's answer to a tip. Giving the same answer again changes nothing
 * (its date stays that of the first time), so clicking "J'adopte" in a later week does not count the adoption
 * twice in the weekly counters.
 */
export function setAnswer(state: TipState, tipId: string, answer: Answer | null, day: DayKey): TipState {
  const previous = state.answers[tipId];
  if (previous?.answer === answer || (previous === undefined && answer === null)) return markActive(state, day);
  const answers = { ...state.answers };
  if (answer === null) delete answers[tipId];
  else answers[tipId] = { answer, at: day };
  let next: TipState = markActive({ ...state, answers }, day);
  // An adoption withdrawn or changed is taken out of the week it was counted in, if that week is still kept.
  if (previous?.answer === 'adopted' && answer !== 'adopted') {
    const week = isoWeek(previous.at);
    const counters = next.weekly[week];
    if (counters) next = { ...next, weekly: { ...next.weekly, [week]: { ...counters, tipsAdopted: counters.tipsAdopted.filter((id) => id !== tipId) } } };
  }
  if (answer === 'adopted') {
    next = withWeek(next, day, (w) => (w.tipsAdopted.includes(tipId) ? w : { ...w, tipsAdopted: [...w.tipsAdopted, tipId] }));
  }
  return next;
}

export function recordGuideOpened(state: TipState, day: DayKey): TipState {
  const next = markActive({ ...state, guideOpenedAt: state.guideOpenedAt ?? day }, day);
  return withWeek(next, day, (w) => ({ ...w, guideOpened: true }));
}

export function acknowledgeCharter(state: TipState, day: DayKey): TipState {
  const next = markActive({ ...state, charterAcknowledgedAt: state.charterAcknowledgedAt ?? day }, day);
  return withWeek(next, day, (w) => ({ ...w, charterAcknowledged: true }));
}

/** What the ranking engine needs of the state. */
export function historyOf(state: TipState): TipHistory {
  const lastShown: Record<string, DayKey> = {};
  for (const [id, entry] of Object.entries(state.shown)) lastShown[id] = entry.last;
  return {
    answers: state.answers,
    lastShown,
    guideOpened: state.guideOpenedAt !== undefined,
    charterAcknowledged: state.charterAcknowledgedAt !== undefined,
    ...(state.ambientDay ? { lastAmbientDay: state.ambientDay } : {}),
  };
}

/**
 * What the weekly anonymous report reads for one ISO week (the Axis 1 indicators). A stable API: the report
 * helper calls this rather than walking the stored shape, so the shape can evolve behind it.
 * - guideOpened / charterAcknowledged: during that week; ...Ever: on or before the last day of that week.
 * - tipsShown: (tip, day) pairs shown that week; tipsAdopted: distinct tips answered "adopted" that week and
 *   still adopted (an adoption withdrawn the same week is not counted).
 * - activeDays: days of that week on which the person opened the popup, the guide or answered a tip.
 * A week that is not kept (older than WEEKS_KEPT) or had no activity reads as zeros and false, except the
 * ...Ever flags, which do not depend on the week being kept.
 */
export interface WeekReport {
  week: WeekKey;
  guideOpened: boolean;
  guideOpenedEver: boolean;
  charterAcknowledged: boolean;
  charterAcknowledgedEver: boolean;
  tipsShown: number;
  tipsAdopted: number;
  activeDays: number;
}

export function weekReport(state: TipState, week: WeekKey): WeekReport {
  if (!isWeekKey(week)) throw new RangeError(`not an ISO week: ${week}`);
  const counters = state.weekly[week] ?? emptyWeek();
  const onOrBefore = (day: DayKey | undefined): boolean => day !== undefined && isoWeek(day) <= week;
  return {
    week,
    guideOpened: counters.guideOpened,
    guideOpenedEver: counters.guideOpened || onOrBefore(state.guideOpenedAt),
    charterAcknowledged: counters.charterAcknowledged,
    charterAcknowledgedEver: counters.charterAcknowledged || onOrBefore(state.charterAcknowledgedAt),
    tipsShown: counters.tipsShown,
    tipsAdopted: counters.tipsAdopted.length,
    activeDays: state.activeDays.filter((day) => isoWeek(day) === week).length,
  };
}

/** Drops weeks and active days older than kept, relative to the latest date in the state. */
function prune(state: TipState): TipState {
  const latest = state.activeDays.at(-1);
  if (!latest) return state;
  const oldestDay = addDays(latest, -DAYS_ACTIVE_KEPT + 1);
  const oldestWeek = isoWeek(addDays(latest, -7 * (WEEKS_KEPT - 1)));
  const activeDays = state.activeDays.filter((d) => d >= oldestDay);
  const weeks = Object.keys(state.weekly);
  if (activeDays.length === state.activeDays.length && weeks.every((w) => w >= oldestWeek)) return state;
  const weekly: Record<WeekKey, WeeklyCounters> = {};
  for (const w of weeks) if (w >= oldestWeek) weekly[w] = state.weekly[w]!;
  return { ...state, activeDays, weekly };
}

// ---- reading and migrating the stored value --------------------------------------------------------------

export type ParseStatus = 'empty' | 'ok' | 'newer' | 'unreadable';

/**
 * Migrations, one per step: MIGRATIONS[n] turns a version n−1 value into version n. Version 1 is the first
 * stored shape, so there is none yet; a version 2 adds `2: (v1) => v2` here and a fixture of v1 to the tests.
 */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * The stored value as a TipState. Entries that fail validation are dropped one by one (a bad date in one answer
 * does not cost the others). A value written by a newer version ('newer') is returned empty and must not be
 * overwritten: TipStore refuses to write then, so going back to an older release loses nothing.
 */
export function parseTipState(raw: unknown): { state: TipState; status: ParseStatus } {
  if (raw === undefined || raw === null) return { state: emptyTipState(), status: 'empty' };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { state: emptyTipState(), status: 'unreadable' };
  let value = raw as Record<string, unknown>;
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { state: emptyTipState(), status: 'unreadable' };
  if (version > TIP_STATE_VERSION) return { state: emptyTipState(), status: 'newer' };
  for (let v = version + 1; v <= TIP_STATE_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { state: emptyTipState(), status: 'unreadable' };
    value = step(value);
  }
  return { state: sanitize(value), status: 'ok' };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sanitize(value: Record<string, unknown>): TipState {
  const state = emptyTipState();
  if (isRecord(value.answers)) {
    for (const [id, a] of Object.entries(value.answers)) {
      if (isRecord(a) && ANSWERS.includes(a.answer as Answer) && isDayKey(a.at)) state.answers[id] = { answer: a.answer as Answer, at: a.at };
    }
  }
  if (isRecord(value.shown)) {
    for (const [id, s] of Object.entries(value.shown)) {
      if (isRecord(s) && isDayKey(s.first) && isDayKey(s.last) && Number.isInteger(s.days) && (s.days as number) >= 1) {
        state.shown[id] = { first: s.first, last: s.last, days: s.days as number };
      }
    }
  }
  if (isDayKey(value.ambientDay)) state.ambientDay = value.ambientDay;
  if (state.ambientDay && typeof value.ambientTipId === 'string') state.ambientTipId = value.ambientTipId;
  if (isDayKey(value.guideOpenedAt)) state.guideOpenedAt = value.guideOpenedAt;
  if (isDayKey(value.charterAcknowledgedAt)) state.charterAcknowledgedAt = value.charterAcknowledgedAt;
  if (isRecord(value.weekly)) {
    for (const [week, w] of Object.entries(value.weekly)) {
      if (!isWeekKey(week) || !isRecord(w)) continue;
      state.weekly[week] = {
        guideOpened: w.guideOpened === true,
        charterAcknowledged: w.charterAcknowledged === true,
        tipsShown: Number.isInteger(w.tipsShown) && (w.tipsShown as number) >= 0 ? (w.tipsShown as number) : 0,
        tipsAdopted: Array.isArray(w.tipsAdopted) ? [...new Set((w.tipsAdopted as unknown[]).filter((x): x is string => typeof x === 'string'))] : [],
      };
    }
  }
  if (Array.isArray(value.activeDays)) state.activeDays = [...new Set((value.activeDays as unknown[]).filter(isDayKey))].sort();
  return state;
}

// ---- storage ----------------------------------------------------------------------------------------------

/**
 * Reads and writes the state in browser.storage.local. Every update re-reads the stored value first, so two
 * extension pages (popup and guide) writing a minute apart do not undo each other; updates from one page are
 * chained so they apply in order.
 */
export class TipStore {
  private chain: Promise<unknown> = Promise.resolve();

  async load(): Promise<{ state: TipState; status: ParseStatus }> {
    const stored = await browser.storage.local.get(TIP_STATE_KEY);
    return parseTipState(stored[TIP_STATE_KEY]);
  }

  /** Applies `change` to the stored state and saves it; resolves to the new state (or the old one if not writable). */
  update(change: (state: TipState) => TipState): Promise<TipState> {
    const run = async (): Promise<TipState> => {
      const stored = await browser.storage.local.get(TIP_STATE_KEY);
      const raw = stored[TIP_STATE_KEY];
      const { state, status } = parseTipState(raw);
      if (status === 'newer') {
        console.warn('Empreinte: tip state written by a newer version; not changed');
        return state;
      }
      if (status === 'unreadable') await browser.storage.local.set({ [TIP_STATE_BACKUP_KEY]: raw });
      const next = change(state);
      await browser.storage.local.set({ [TIP_STATE_KEY]: next });
      return next;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Calls `listener` with the new state whenever any page changes it. Returns the unsubscribe function. */
  watch(listener: (state: TipState) => void): () => void {
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[TIP_STATE_KEY]) listener(parseTipState(changes[TIP_STATE_KEY].newValue).state);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }
}
