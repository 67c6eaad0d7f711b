import { describe, expect, it } from 'vitest';
import { estimate, gradeOf, gramsWithGlobalDefaults, isKnownCountry, knownCountries, MODEL, toModelBytes } from '../../../lib/carbon';
import { equivalentOf } from '../../../lib/carbon/equivalents';

describe('carbon adapter (SWD v4 via @tgwf/co2 0.19.0)', () => {
  it('pins the model', () => {
    expect(MODEL).toMatchObject({ model: 'swd', version: 4 });
  });

  it('gives the golden values of the model with its global defaults', () => {
    expect(gramsWithGlobalDefaults(1e9)).toBeCloseTo(148.2, 3);
    expect(gramsWithGlobalDefaults(1e9, true)).toBeCloseTo(121.03, 3);
  });

  it('uses the French grid for device and network by default, the world average for data centres', () => {
    // Independent arithmetic from SWD v4 (kWh/GB: data centre 0.055, network 0.059, device 0.080; embodied
    // 0.012, 0.013, 0.081 at 494 g/kWh), France 44.18 g/kWh in co2.js's bundled Ember data.
    const gb = 1;
    const operational = 0.055 * 494 * gb + 0.059 * 44.18 * gb + 0.08 * 44.18 * gb;
    const embodied = (0.012 + 0.013 + 0.081) * 494 * gb;
    const result = estimate(1e9);
    expect(result.grams).toBeCloseTo(operational + embodied, 3);
    expect(result.segments.dataCenter + result.segments.network + result.segments.device).toBeCloseTo(result.grams, 9);
  });

  it('grades with the global defaults whatever the local grid', () => {
    expect(estimate(1e9).grade).toBe('F');
    expect(estimate(1e9, { country: 'SWE', dataCenter: 'SWE' }).grade).toBe('F');
    // Rating thresholds in g per view: A+ <= 0.040 ... ; 100 kB is 0.0148 g with global defaults.
    expect(gradeOf(100_000)).toBe('A+');
    expect(gradeOf(0)).toBe('A+');
    // 1.2 MB is 0.178 g (C: <= 0.209); 2.5 MB is 0.37 g (F: > 0.359).
    expect(gradeOf(1_200_000)).toBe('C');
    expect(gradeOf(2_500_000)).toBe('F');
  });

  it('rejects unknown country codes instead of returning NaN', () => {
    expect(isKnownCountry('FRA')).toBe(true);
    expect(isKnownCountry('FR')).toBe(false);
    expect(isKnownCountry('XXX')).toBe(false);
    expect(() => estimate(1000, { country: 'FR', dataCenter: 'world' })).toThrow(/unknown grid country/);
    expect(knownCountries()).toContain('DEU');
  });

  it('only gives the model finite non-negative whole bytes', () => {
    expect(toModelBytes(12.6)).toBe(13);
    expect(() => toModelBytes(Number.NaN)).toThrow(RangeError);
    expect(() => toModelBytes(-1)).toThrow(RangeError);
    expect(() => toModelBytes(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(estimate(0).grams).toBe(0);
  });

  it('turns grams into a concrete equivalent with its source', () => {
    const metres = equivalentOf(2.18, 'fr');
    expect(metres?.value).toBeCloseTo(10, 6);
    expect(metres?.unit).toMatch(/^m /);
    expect(equivalentOf(2180, 'en')?.unit).toMatch(/^km /);
    // A light page (8.3 mg) is a few centimetres, not "0,0 m"; under 1 cm it stays in centimetres.
    const light = equivalentOf(0.0083, 'fr');
    expect(light?.unit).toMatch(/^cm /);
    expect(light?.value).toBeCloseTo(0.0083 / 0.00218, 6);
    expect(equivalentOf(0.001, 'en')?.unit).toMatch(/^cm /);
    expect(equivalentOf(1, 'en')?.unit).toMatch(/^m /);
    expect(equivalentOf(0.218, 'en')?.unit).toMatch(/^m /);
    expect(equivalentOf(0, 'fr')).toBeNull();
  });
});
