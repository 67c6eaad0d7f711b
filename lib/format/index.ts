/** Interface languages: French first, English otherwise. */
export type Lang = 'fr' | 'en';

export function langOf(uiLanguage: string | undefined): Lang {
  return uiLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const UNITS = [
  { size: 1e9, symbol: 'G' },
  { size: 1e6, symbol: 'M' },
  { size: 1e3, symbol: 'k' },
] as const;

/**
 * At most four characters for the toolbar badge, decimal units (1 kB = 1000 B, as HTTP tools count):
 * `0`, `950`, `1,2k`, `85k`, `1,2M` (French decimal comma) or `1.2M` (English), `12M`, `1,5G`.
 */
export function badgeText(bytes: number, lang: Lang): string {
  if (!Number.isFinite(bytes) || bytes < 1) return '0';
  if (bytes < 1000) return String(Math.round(bytes));
  for (const unit of UNITS) {
    if (bytes < unit.size * 0.9995) continue;
    const value = bytes / unit.size;
    const rounded = value < 9.95 ? Math.round(value * 10) / 10 : Math.round(value);
    if (rounded >= 1000) continue;
    const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
    return (lang === 'fr' ? text.replace('.', ',') : text) + unit.symbol;
  }
  return '999G';
}

const BYTE_UNITS: Record<Lang, string[]> = {
  fr: ['o', 'ko', 'Mo', 'Go'],
  en: ['B', 'kB', 'MB', 'GB'],
};

/** `1,23 Mo` / `1.23 MB`: decimal units, three significant digits. */
export function formatBytes(bytes: number, lang: Lang): string {
  const safe = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  const exponent = safe < 1000 ? 0 : Math.min(3, Math.floor(Math.log10(safe) / 3));
  const value = safe / 10 ** (exponent * 3);
  const digits = exponent === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${formatNumber(value, lang, digits)}\u00a0${BYTE_UNITS[lang][exponent]}`;
}

export function formatNumber(value: number, lang: Lang, fractionDigits = 0): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** Masses of CO2e with a sensible precision: `42 mg`, `0,42 g`, `1,3 g`, `148 g`, `1,2 kg`. */
export function formatGrams(grams: number, lang: Lang): string {
  const safe = Number.isFinite(grams) && grams > 0 ? grams : 0;
  if (safe >= 1000) return `${formatNumber(safe / 1000, lang, 1)}\u00a0kg`;
  if (safe > 0 && safe < 0.1) {
    const mg = safe * 1000;
    return `${formatNumber(mg, lang, mg >= 10 ? 0 : mg >= 1 ? 1 : 2)}\u00a0mg`;
  }
  const digits = safe >= 100 ? 0 : safe >= 10 ? 1 : 2;
  return `${formatNumber(safe, lang, digits)}\u00a0g`;
}

export function formatPercent(share: number, lang: Lang): string {
  const safe = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(safe);
}

/** Badge colour per SWD rating: the grade scale's usual green-to-red, dark enough for white text (AA). */
export const GRADE_COLOURS: Record<string, string> = {
  'A+': '#1b5e20',
  A: '#2e7d32',
  B: '#55701a',
  C: '#8a6100',
  D: '#a04800',
  E: '#b3261e',
  F: '#8e0000',
};
