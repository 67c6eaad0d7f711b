/**
 * Small-count suppression with complementary suppression, as a pure function over a set of count cells and the
 * linear relations (total = sum of parts) that a reader could use to recover a hidden cell by subtraction.
 *
 * The rule (docs/privacy.md):
 *  1. Primary: a cell whose count is below MIN_REPORTS (including 0) is never published. "Latent" cells (the
 *     complement of a count, the reports without a team) are never published either, but they count: a latent
 *     cell below the threshold must not be derivable.
 *  2. Complementary: a reader knows every relation. Starting from the published cells, they can derive any cell
 *     that is the only unknown of a relation, then repeat with what they learnt (we compute that closure). If a
 *     sensitive cell (below the threshold) or any suppressed cell becomes derivable, or if a relation leaves
 *     unknown cells whose sum is derivable and below the threshold ("the two hidden teams have 3 reports
 *     together"), one more published cell of that relation is hidden, and the check runs again until nothing
 *     hidden is derivable.
 *
 * What it does not claim: bounds from inequalities (a count is at most its total) and solving several relations
 * together (Gaussian elimination across a two-way table) can narrow a hidden value down; the relations we publish
 * are mostly one-way (teams of one metric, roles of one scope), where chained elimination is what a reader can do.
 */

export const MIN_REPORTS = 5;

export interface CountCell {
  id: string;
  value: number;
  /** Never published (complement of a count, reports without a team), but must not become derivable. */
  latent?: boolean;
}

/** value(total) === sum of value(parts), for the true counts. */
export interface Relation {
  total: string;
  parts: readonly string[];
}

export interface SuppressionOutcome {
  /** Published (non-latent) cells that must be shown as suppressed. */
  hidden: Set<string>;
  /** How many of them were hidden only to protect another cell (for the tests and the docs). */
  complementary: number;
}

interface Derivation {
  /** Index of the relation that gave the cell, or -1 for a published cell. */
  via: number;
}

/**
 * Returns the published cells to hide. Deterministic: ties between candidates are broken by the smallest value,
 * then by id, so the same population always gives the same pattern (a pattern that changed from one request to
 * the next would itself leak).
 */
export function suppressSmallCounts(
  cells: readonly CountCell[],
  relations: readonly Relation[],
  threshold: number = MIN_REPORTS,
): SuppressionOutcome {
  if (threshold < MIN_REPORTS) throw new Error(`threshold may not be lower than ${MIN_REPORTS}`);
  const byId = new Map<string, CountCell>();
  for (const c of cells) {
    if (byId.has(c.id)) throw new Error(`duplicate cell ${c.id}`);
    if (!Number.isInteger(c.value) || c.value < 0) throw new Error(`cell ${c.id} must be a count`);
    byId.set(c.id, c);
  }
  for (const r of relations) {
    for (const id of [r.total, ...r.parts]) {
      if (!byId.has(id)) throw new Error(`relation names unknown cell ${id}`);
    }
  }
  const value = (id: string): number => byId.get(id)!.value;

  // Relations each cell takes part in, for the worklist closure.
  const relationsOf = new Map<string, number[]>();
  relations.forEach((r, i) => {
    for (const id of new Set([r.total, ...r.parts])) {
      const list = relationsOf.get(id);
      if (list) list.push(i);
      else relationsOf.set(id, [i]);
    }
  });

  const hidden = new Set<string>();
  for (const c of cells) if (!c.latent && c.value < threshold) hidden.add(c.id);
  let complementary = 0;

  for (let round = 0; round <= cells.length; round += 1) {
    const known = closure(cells, relations, relationsOf, hidden);
    const toHide = new Set<string>();

    // (a) a sensitive cell, or any suppressed cell, that the reader can derive: break the chain that derived it.
    // (A suppressed cell of 8 that can be recomputed is not a leak by itself, but "suppressed" must mean "cannot
    // be recomputed" for the rule to be checkable, and such a cell usually protects a smaller one.)
    for (const c of cells) {
      if (c.value >= threshold && !hidden.has(c.id)) continue;
      const d = known.get(c.id);
      if (!d || d.via < 0) continue; // not derivable (suppressed and latent cells are never published)
      const victim = pickPublishedCause(d.via, c.id, known, relations, value);
      if (victim) toHide.add(victim);
    }

    // (b) a relation whose total is known and whose unknown parts sum to a small number.
    relations.forEach((r, i) => {
      if (!known.has(r.total)) return;
      const unknownParts = r.parts.filter((p) => !known.has(p));
      if (unknownParts.length < 2) return; // 0: nothing hidden; 1: handled by the closure and (a)
      const sum = unknownParts.reduce((s, p) => s + value(p), 0);
      if (sum >= threshold) return;
      const candidates = r.parts.filter((p) => known.get(p)?.via === -1);
      // No published part left: hide the total if it is published, else break whatever derived it.
      const victim = smallest(candidates, value) ?? pickPublishedCause(i, undefined, known, relations, value);
      if (victim) toHide.add(victim);
    });

    if (toHide.size === 0) return { hidden, complementary };
    for (const id of toHide) {
      if (!hidden.has(id)) {
        hidden.add(id);
        complementary += 1;
      }
    }
  }
  // Each round hides at least one more published cell, so this is unreachable; fail closed if it is not.
  throw new Error('suppression did not converge');
}

/** Every cell the reader can know: the published ones, then anything that is the single unknown of a relation. */
function closure(
  cells: readonly CountCell[],
  relations: readonly Relation[],
  relationsOf: Map<string, number[]>,
  hidden: Set<string>,
): Map<string, Derivation> {
  const known = new Map<string, Derivation>();
  for (const c of cells) if (!c.latent && !hidden.has(c.id)) known.set(c.id, { via: -1 });
  const queue: number[] = relations.map((_, i) => i);
  const queued = new Set(queue);
  while (queue.length > 0) {
    const i = queue.pop()!;
    queued.delete(i);
    const r = relations[i]!;
    const members = [...new Set([r.total, ...r.parts])];
    const unknown = members.filter((id) => !known.has(id));
    if (unknown.length !== 1) continue;
    const learnt = unknown[0]!;
    known.set(learnt, { via: i });
    for (const j of relationsOf.get(learnt) ?? []) {
      if (!queued.has(j)) {
        queued.add(j);
        queue.push(j);
      }
    }
  }
  return known;
}

/**
 * A published cell whose hiding breaks the derivation through relation `via`. Preference: a published part (the
 * smallest), then whatever derived one of the other parts (followed down to a published cell), and the total
 * last: totals (a team's number of reports) are the figures people need most, and hiding one tends to cascade.
 */
function pickPublishedCause(
  via: number,
  derivedId: string | undefined,
  known: Map<string, Derivation>,
  relations: readonly Relation[],
  value: (id: string) => number,
  depth = 0,
): string | undefined {
  const r = relations[via]!;
  const others = [...new Set([r.total, ...r.parts])].filter((id) => id !== derivedId);
  const parts = others.filter((id) => id !== r.total);
  const fromParts = smallest(parts.filter((id) => known.get(id)?.via === -1), value);
  if (fromParts) return fromParts;
  if (depth > relations.length) return undefined;
  const follow = (id: string): string | undefined => {
    const d = known.get(id);
    return d && d.via >= 0 && d.via !== via
      ? pickPublishedCause(d.via, id, known, relations, value, depth + 1)
      : undefined;
  };
  for (const id of parts) {
    const found = follow(id);
    if (found) return found;
  }
  if (r.total !== derivedId) {
    if (known.get(r.total)?.via === -1) return r.total;
    return follow(r.total);
  }
  return undefined;
}

function smallest(ids: readonly string[], value: (id: string) => number): string | undefined {
  let best: string | undefined;
  for (const id of ids) {
    if (best === undefined || value(id) < value(best) || (value(id) === value(best) && id < best)) best = id;
  }
  return best;
}
