import { describe, expect, it } from 'vitest';
import { knownCountries } from '../../../lib/carbon';
import { ALPHA2, countryName, countryOptions } from '../../../lib/settings/countries';

describe('grid countries', () => {
  it('names every country co2.js has grid data for, in both languages', () => {
    for (const code of knownCountries()) {
      expect(ALPHA2[code], code).toMatch(/^[A-Z]{2}$/);
      expect(countryName(code, 'fr'), code).not.toBe(code);
      expect(countryName(code, 'en'), code).not.toBe(code);
    }
  });

  it('maps alpha-3 to distinct alpha-2 codes', () => {
    const values = Object.values(ALPHA2);
    expect(new Set(values).size).toBe(values.length);
  });

  it('lists France first, then by name in the interface language', () => {
    const fr = countryOptions('fr');
    expect(fr[0]).toEqual({ code: 'FRA', name: 'France' });
    expect(fr).toHaveLength(knownCountries().length);
    expect(countryName('DEU', 'fr')).toBe('Allemagne');
    expect(countryName('DEU', 'en')).toBe('Germany');
    const names = fr.slice(1).map((o) => o.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr-FR').compare));
    expect(countryName('ZZZ', 'en')).toBe('ZZZ');
  });
});
