import data from '../../seeds/equivalents.json';
import type { Lang } from '../format';

export interface Equivalent {
  value: number;
  unit: string;
  source: string;
}

/**
 * The concrete equivalent of a mass of CO2e, in the unit that gives a readable number (metres or kilometres
 * driven). Factor and source are in seeds/equivalents.json.
 */
export function equivalentOf(grams: number, lang: Lang): Equivalent | null {
  if (!Number.isFinite(grams) || grams <= 0) return null;
  const [metres, kilometres] = data.equivalents;
  if (!metres || !kilometres) return null;
  const chosen = grams / metres.gramsPerUnit >= 1000 ? kilometres : metres;
  return { value: grams / chosen.gramsPerUnit, unit: chosen.unit[lang], source: chosen.source };
}
