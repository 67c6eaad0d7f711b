import { describe, expect, it } from 'vitest';
import { badgeText, formatBytes, formatGrams, langOf } from '../../../lib/format';

describe('badge text', () => {
  it.each([
    [0, '0', '0'],
    [950, '950', '950'],
    [1_234, '1,2k', '1.2k'],
    [85_000, '85k', '85k'],
    [999_600, '1M', '1M'],
    [2_000_000, '2M', '2M'],
    [1_234_567, '1,2M', '1.2M'],
    [12_345_678, '12M', '12M'],
    [1_500_000_000, '1,5G', '1.5G'],
    [Number.NaN, '0', '0'],
    [-5, '0', '0'],
  ])('%d bytes → %s in French, %s in English', (bytes, fr, en) => {
    expect(badgeText(bytes, 'fr')).toBe(fr);
    expect(badgeText(bytes, 'en')).toBe(en);
    expect(badgeText(bytes, 'fr').length).toBeLessThanOrEqual(4);
  });
});

describe('long formats', () => {
  it('uses octets in French and bytes in English', () => {
    expect(formatBytes(1_234_567, 'fr')).toBe('1,23\u00a0Mo');
    expect(formatBytes(1_234_567, 'en')).toBe('1.23\u00a0MB');
    expect(formatBytes(512, 'fr')).toBe('512\u00a0o');
  });

  it('keeps small masses of CO2e readable', () => {
    expect(formatGrams(0.0421, 'fr')).toBe('42\u00a0mg');
    expect(formatGrams(0.00011, 'fr')).toBe('0,11\u00a0mg');
    expect(formatGrams(0.42, 'fr')).toBe('0,42\u00a0g');
    expect(formatGrams(0, 'en')).toBe('0.00\u00a0g');
    expect(formatGrams(148.2, 'en')).toBe('148\u00a0g');
    expect(formatGrams(1480, 'en')).toBe('1.5\u00a0kg');
  });

  it('picks French for French browsers only', () => {
    expect(langOf('fr-FR')).toBe('fr');
    expect(langOf('fr')).toBe('fr');
    expect(langOf('en-US')).toBe('en');
    expect(langOf('de')).toBe('en');
    expect(langOf(undefined)).toBe('en');
  });
});
