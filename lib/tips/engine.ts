/*
 * The personalisation engine: a pure function of (signals, role, the person's tip history, today) that ranks the
 * tips. No I/O, no clock, no randomness: the same inputs always give the same order, so the popup is stable and
 * the profiles in tests/unit/tips/engine.test.ts pin the behaviour down.
 *
 * How a tip is scored (every factor in [0, 1]):
 * 1. Eligible only if written for the person's role, its trigger is met (./catalogue `triggerMet`: a missing
 *    signal never triggers), and the person has not answered it ("adopted", "already", "not-for-me": an answer
 *    is respected until the person changes it in the guide).
 * 2. relevance: for a signal tip, how far the signal is past its threshold, 1 − 0.5·threshold/value: 0.5 at the
 *    threshold, 0.75 at twice it, towards 1 beyond. A general tip (devices, data...) is 0.25, below any tip
 *    that something measured today calls for, with two exceptions for awareness (Axis 1): an elected official
 *    who has not acknowledged the charter gets the general tips serving action 05 at 0.9, and someone who never
 *    opened the guide gets the general tips of axis 1 at 0.4.
 * 3. saving: the tip's formula (./catalogue `estimateSaving`) in bytes, watt-hours converted to bytes at the
 *    energy intensity of the Sustainable Web Design model v4 (0.194 kWh/GB: 0.055 data centres + 0.059 networks
 *    + 0.080 devices), on a log scale from 1 MB (0) to 10 GB (1). A tip without a saving scores 0 here.
 * 4. score = (0.7·relevance + 0.3·saving) × recency × variety.
 *    recency: a tip shown on an earlier day within the last week is held back (0.3 the day after, back to 1
 *    after 7 days); shown today, it keeps its place, so the popup does not flicker between tips.
 *    variety: ×0.9 when the tip's axis already had a tip shown this past week (other than today), and in the
 *    list itself ×0.85 per tip of the same axis ranked above it (greedy, so the top few span several axes).
 * Ties are broken by catalogue order.
 *
 * Outside the popup (`surface: 'ambient'`, e.g. a tip of the day on a page of the extension), at most one new
 * tip a day: nothing if one was already shown outside the popup today, otherwise the best tip never shown. The
 * engine never asks for system notifications: it only returns tips to whoever asks.
 */
import { axisOfAction } from '../strategy';
import { estimateSaving, triggerMet } from './catalogue';
import type { Audience, SavingEstimate, SignalId, SignalUnit, Signals, Tip } from './types';
import { daysBetween, type DayKey } from './week';

export type Answer = 'adopted' | 'already' | 'not-for-me';
export const ANSWERS: readonly Answer[] = ['adopted', 'already', 'not-for-me'];

/** What the engine needs of the person's history (./state derives it from the stored state). */
export interface TipHistory {
  answers: Readonly<Record<string, { answer: Answer; at: DayKey } | undefined>>;
  /** Last day each tip was shown (in the popup or elsewhere). */
  lastShown: Readonly<Record<string, DayKey | undefined>>;
  guideOpened: boolean;
  charterAcknowledged: boolean;
  /** Last day a new tip was shown outside the popup. */
  lastAmbientDay?: DayKey;
}

export interface RankInput {
  signals: Signals;
  role: Audience;
  history: TipHistory;
  today: DayKey;
  tips: readonly Tip[];
  surface?: 'popup' | 'ambient';
  /** Most tips returned (all eligible ones by default). */
  limit?: number;
}

export interface RankedTip {
  tip: Tip;
  score: number;
  relevance: number;
  /** The strategy axis the tip is filed under (its first action's axis). */
  axis: number;
  /** The signal that triggered it and its value; absent for a general tip. */
  signal?: { id: SignalId; value: number; threshold: number; unit: SignalUnit };
  saving?: SavingEstimate;
}

export const RELEVANCE_GENERAL = 0.25;
export const RELEVANCE_AWARENESS = 0.4;
export const RELEVANCE_CHARTER = 0.9;
const WEIGHT_RELEVANCE = 0.7;
const WEIGHT_SAVING = 0.3;
const RECENT_DAYS = 7;
const RECENT_FLOOR = 0.3;
const AXIS_SEEN_FACTOR = 0.9;
const AXIS_REPEAT_FACTOR = 0.85;
/** SWD v4: 0.055 + 0.059 + 0.080 kWh per GB, i.e. 194 Wh per 1e9 bytes. */
const BYTES_PER_WH = 1e9 / 194;
const CHARTER_ACTION = '05';
const AWARENESS_AXIS = 1;

// Per catalogue entry, computed once: the axis of the first action and whether it serves the charter.
const axisCache = new WeakMap<Tip, number>();
function axisOf(tip: Tip): number {
  let axis = axisCache.get(tip);
  if (axis === undefined) {
    axis = (tip.actions[0] && axisOfAction(tip.actions[0])?.number) ?? 0;
    axisCache.set(tip, axis);
  }
  return axis;
}

/** The strategy axis a tip is filed under: the axis of its first (main) action. */
export { axisOf as axisOfTip };

export function savingScore(saving: SavingEstimate | undefined): number {
  if (!saving || saving.value <= 0) return 0;
  const bytes = saving.quantity === 'bytes_saved' ? saving.value : saving.value * BYTES_PER_WH;
  return Math.min(1, Math.max(0, Math.log10(bytes / 1e6) / 4));
}

export function rankTips(input: RankInput): RankedTip[] {
  const { signals, role, history, today, tips } = input;
  const surface = input.surface ?? 'popup';
  if (surface === 'ambient' && history.lastAmbientDay === today) return [];

  // Axes that had a tip shown on an earlier day of the past week.
  const recentAxes = new Set<number>();
  const recency = new Map<string, number>();
  for (const tip of tips) {
    const last = history.lastShown[tip.id];
    if (last === undefined || last === today) continue;
    const ago = daysBetween(last, today);
    if (ago >= 0 && ago < RECENT_DAYS) {
      recentAxes.add(axisOf(tip));
      recency.set(tip.id, RECENT_FLOOR + ((1 - RECENT_FLOOR) * (ago - 1)) / (RECENT_DAYS - 1));
    }
  }

  const candidates: RankedTip[] = [];
  for (const tip of tips) {
    if (!tip.audiences.includes(role)) continue;
    if (history.answers[tip.id] !== undefined) continue;
    if (surface === 'ambient' && history.lastShown[tip.id] !== undefined) continue;
    if (!triggerMet(tip, signals)) continue;
    const axis = axisOf(tip);
    let relevance: number;
    let signal: RankedTip['signal'];
    const trigger = tip.trigger;
    if (trigger.signal === 'general') {
      relevance = RELEVANCE_GENERAL;
      if (role === 'elected' && !history.charterAcknowledged && tip.actions.includes(CHARTER_ACTION)) relevance = RELEVANCE_CHARTER;
      else if (!history.guideOpened && axis === AWARENESS_AXIS) relevance = RELEVANCE_AWARENESS;
    } else {
      const value = signals[trigger.signal]!; // triggerMet checked it is a finite number
      relevance = trigger.threshold > 0 ? 1 - (0.5 * trigger.threshold) / value : value > 0 ? 0.75 : 0.5;
      signal = { id: trigger.signal, value, threshold: trigger.threshold, unit: trigger.unit };
    }
    const saving = estimateSaving(tip, signals);
    let score = WEIGHT_RELEVANCE * relevance + WEIGHT_SAVING * savingScore(saving);
    score *= recency.get(tip.id) ?? 1;
    if (recentAxes.has(axis)) score *= AXIS_SEEN_FACTOR;
    candidates.push({ tip, score, relevance, axis, ...(signal ? { signal } : {}), ...(saving ? { saving } : {}) });
  }

  const limit = surface === 'ambient' ? 1 : (input.limit ?? candidates.length);
  // Greedy selection: each pick lowers the others of its axis. Stable on catalogue order for equal scores.
  const picked: RankedTip[] = [];
  const perAxis = new Map<number, number>();
  const left = candidates.slice();
  while (picked.length < limit && left.length > 0) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const c = left[i]!;
      const adjusted = c.score * AXIS_REPEAT_FACTOR ** (perAxis.get(c.axis) ?? 0);
      if (adjusted > bestScore) {
        bestScore = adjusted;
        best = i;
      }
    }
    const [chosen] = left.splice(best, 1);
    if (!chosen) break;
    picked.push({ ...chosen, score: bestScore });
    perAxis.set(chosen.axis, (perAxis.get(chosen.axis) ?? 0) + 1);
  }
  return picked;
}
