/*
 * The "progress" block of the dashboard: good practices adopted (from the tip state the tips service keeps in
 * storage.local, lib/tips/state.ts) and the change from the previous period. Pure: the page reads storage.
 */
import { parseTipState, type TipState } from '../tips/state';
import type { PeriodTotals } from './types';

export interface Progress {
  /** Tips whose current answer is "adopted", and those among them answered within the period. */
  adopted: { total: number; inPeriod: number };
  /** Change from the previous period as a share (−0.2 = 20 % less), null when there is nothing to compare. */
  bytesChange: number | null;
  gramsChange: number | null;
  /** The footprint went down: time for a word of encouragement. */
  dropped: boolean;
}

export function adoptedTips(state: TipState, from: string, to: string): { total: number; inPeriod: number } {
  let total = 0;
  let inPeriod = 0;
  for (const { answer, at } of Object.values(state.answers)) {
    if (answer !== 'adopted') continue;
    total++;
    if (at >= from && at <= to) inPeriod++;
  }
  return { total, inPeriod };
}

/** Change from `previous` to `current`, or null when the previous figure is missing or zero. */
export function change(current: number, previous: number | undefined): number | null {
  if (previous === undefined || !(previous > 0)) return null;
  return (current - previous) / previous;
}

/**
 * @param rawTipState what storage.local holds under "tips" (untrusted: an unreadable state counts no adoption)
 */
export function progressOf(totals: PeriodTotals, previous: PeriodTotals | null, rawTipState: unknown, from: string, to: string): Progress {
  const { state } = parseTipState(rawTipState);
  const gramsChange = change(totals.grams, previous?.grams);
  return {
    adopted: adoptedTips(state, from, to),
    bytesChange: change(totals.bytes, previous?.bytes),
    gramsChange,
    dropped: gramsChange !== null && gramsChange < 0,
  };
}
