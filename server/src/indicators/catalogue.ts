/**
 * The part of the tip catalogue and of the strategy that the indicators need: which tip ids exist, and to which
 * strategy actions and axes each tip counts. Read from seeds/tips.json and seeds/strategy.json at start (the same
 * files the extension is built from), or injected by tests as small fixtures.
 *
 * The server reads the JSON itself instead of importing lib/strategy: server/ imports only the report payload
 * from the extension side (STYLE.md), and only needs these few fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Label {
  fr: string;
  en: string;
}

export interface TipSeed {
  id: string;
  /** Action or sub-action numbers as printed in the strategy: "36", "36.1". */
  actions: readonly string[];
  /** Shown on the collector's pages; the id is shown when absent. */
  title?: Label;
}

export interface StrategySeed {
  axes: readonly {
    number: number;
    title?: Label;
    groups: readonly {
      actions: readonly { number: string; text?: Label; subactions?: readonly { number: string }[] }[];
    }[];
  }[];
}

/** Names for the pages, in French and English; absent in test fixtures, where ids and numbers are shown. */
export interface CatalogueLabels {
  tips: ReadonlyMap<string, Label>;
  actions: ReadonlyMap<string, Label>;
  axes: ReadonlyMap<number, Label>;
}

export interface Catalogue {
  /** Tip ids in catalogue order. */
  tipIds: readonly string[];
  /** Top-level action numbers each tip counts for (a tip tied to "36.1" counts for action "36"). */
  actionsOfTip: ReadonlyMap<string, readonly string[]>;
  /** Top-level actions that at least one tip counts for, in strategy order. */
  actions: readonly string[];
  /** Axes that at least one tip counts for, in order. */
  axes: readonly number[];
  axisOfAction: ReadonlyMap<string, number>;
  labels: CatalogueLabels;
}

/** Normalises "1" and "01" alike: the strategy prints two digits, tips may not. */
function normaliseAction(n: string): string {
  const [head = '', ...rest] = n.split('.');
  const padded = head.padStart(2, '0');
  return rest.length ? `${padded}.${rest.join('.')}` : padded;
}

export function buildCatalogue(tips: readonly TipSeed[], strategy: StrategySeed): Catalogue {
  const axisOfAction = new Map<string, number>();
  const labels = { tips: new Map<string, Label>(), actions: new Map<string, Label>(), axes: new Map<number, Label>() };
  const parentOf = new Map<string, string>();
  const order: string[] = [];
  for (const axis of strategy.axes) {
    if (axis.title) labels.axes.set(axis.number, axis.title);
    for (const group of axis.groups) {
      for (const action of group.actions) {
        const number = normaliseAction(action.number);
        if (action.text) labels.actions.set(number, action.text);
        axisOfAction.set(number, axis.number);
        parentOf.set(number, number);
        order.push(number);
        for (const sub of action.subactions ?? []) parentOf.set(normaliseAction(sub.number), number);
      }
    }
  }
  const seen = new Set<string>();
  const actionsOfTip = new Map<string, string[]>();
  for (const tip of tips) {
    if (seen.has(tip.id)) throw new Error(`tip ${tip.id} appears twice in the catalogue`);
    seen.add(tip.id);
    if (tip.title) labels.tips.set(tip.id, tip.title);
    const parents = new Set<string>();
    for (const raw of tip.actions) {
      const parent = parentOf.get(normaliseAction(raw));
      // A tip pointing at an action the strategy does not have is a seed error: fail at start, not silently.
      if (!parent) throw new Error(`tip ${tip.id} refers to unknown strategy action ${raw}`);
      parents.add(parent);
    }
    actionsOfTip.set(tip.id, [...parents]);
  }
  const used = new Set([...actionsOfTip.values()].flat());
  const actions = order.filter((a) => used.has(a));
  const axes = [...new Set(actions.map((a) => axisOfAction.get(a)!))].sort((a, b) => a - b);
  return { tipIds: tips.map((t) => t.id), actionsOfTip, actions, axes, axisOfAction, labels };
}

function isLabel(v: unknown): v is Label {
  const o = v as Partial<Label> | null;
  return typeof o === 'object' && o !== null && typeof o.fr === 'string' && typeof o.en === 'string';
}

/** Reads seeds/tips.json and seeds/strategy.json from a seeds directory. */
export function loadCatalogue(seedsDir: string): Catalogue {
  const tipsRaw: unknown = JSON.parse(readFileSync(join(seedsDir, 'tips.json'), 'utf8'));
  const strategy = JSON.parse(readFileSync(join(seedsDir, 'strategy.json'), 'utf8')) as StrategySeed;
  // tips.json is an array of tips; accept { tips: [...] } too so a wrapped catalogue does not break the collector.
  const list = Array.isArray(tipsRaw) ? tipsRaw : (tipsRaw as { tips?: unknown }).tips;
  if (!Array.isArray(list)) throw new Error('seeds/tips.json: expected an array of tips');
  const tips: TipSeed[] = list.map((t: unknown, i) => {
    const o = t as { id?: unknown; actions?: unknown; title?: unknown };
    if (typeof o.id !== 'string' || !Array.isArray(o.actions) || !o.actions.every((a) => typeof a === 'string')) {
      throw new Error(`seeds/tips.json: tip ${i} needs an id and a list of action numbers`);
    }
    return { id: o.id, actions: o.actions as string[], ...(isLabel(o.title) ? { title: o.title } : {}) };
  });
  return buildCatalogue(tips, strategy);
}
