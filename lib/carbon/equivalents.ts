import data from '../../seeds/equivalents.json';
import type { Lang } from '../format';

export interface Equivalent {
  value: number;
  unit: string;
  source: string;
}

/** The units of seeds/equivalents.json, smallest first. */
const UNITS = [...data.equivalents].sort((a, b) => a.gramsPerUnit - b.gramsPerUnit);

/**
 * The concrete equivalent of a mass of CO2e, in the largest unit that still gives at least 1 (centimetres, metres
 * or kilometres driven), so that a light page does not read "0,0 m". Factor and source are in
 * seeds/equivalents.json.
 */
export function equivalentOf(grams: number, lang: Lang): Equivalent | null {
  if (!Number.isFinite(grams) || grams <= 0) return null;
  const chosen = UNITS.findLast((unit) => grams / unit.gramsPerUnit >= 1) ?? UNITS[0];
  if (!chosen) return null;
  return { value: grams / chosen.gramsPerUnit, unit: chosen.unit[lang], source: chosen.source };
}
