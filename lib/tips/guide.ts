/*
 * The good-practice guide's data (actions 01 and 05 of the strategy): every tip filed under the strategy axis of
 * its main (first) action, with cross-references for the other axes it serves, searchable and filterable by
 * audience. Pure, so the guide page stays a view and the grouping is tested without a browser.
 */
import { axisOfAction, strategy, type Axis } from '../strategy';
import { axisOfTip } from './engine';
import type { Audience, Tip } from './types';

export interface GuideFilter {
  /** Free text: matched, ignoring case and accents, against title, body (both languages) and action numbers. */
  query: string;
  /** Only tips written for this audience; 'all' keeps every tip. */
  audience: Audience | 'all';
}

export interface GuideAxis {
  axis: Axis;
  /** Tips whose main action is in this axis, in catalogue order. */
  tips: Tip[];
  /** Tips filed under another axis that also serve an action of this one. */
  seeAlso: Tip[];
}

/** Lower case, accents removed, so "securite" finds "Sécurité". */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function matches(tip: Tip, filter: GuideFilter): boolean {
  if (filter.audience !== 'all' && !tip.audiences.includes(filter.audience)) return false;
  const words = normalise(filter.query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = normalise([tip.title.fr, tip.title.en, tip.body.fr, tip.body.en, tip.id, ...tip.actions].join(' '));
  return words.every((word) => haystack.includes(word));
}

/** The axes in document order with the tips that pass the filter; every axis is returned, even with no tip. */
export function guideAxes(tips: readonly Tip[], filter: GuideFilter): GuideAxis[] {
  const kept = tips.filter((tip) => matches(tip, filter));
  return strategy.axes.map((axis) => ({
    axis,
    tips: kept.filter((tip) => axisOfTip(tip) === axis.number),
    seeAlso: kept.filter((tip) => axisOfTip(tip) !== axis.number && tip.actions.some((a) => axisOfAction(a)?.number === axis.number)),
  }));
}
