import { describe, expect, it } from 'vitest';
import { DAY_COLUMNS, daysCsv, decimal, field, historyJson, PAGE_COLUMNS, pagesCsv } from '../../../lib/history/export';
import { emptyDay } from '../../../lib/history/schema';
import { page } from './fixtures';

const TIME = Date.UTC(2026, 11, 3, 8, 30);
const P = page(TIME, 'lemans.fr', 1_234_567, { day: '2026-12-03', estimatedBytes: 4567, requests: 12, grams: 0.000183, kinds: [1000, 2000, 0, 1_231_567, 0, 0, 0, 0, 0], parties: [1_200_000, 34_567] });

describe('CSV export', () => {
  it('writes one documented row per page, international style', () => {
    const text = pagesCsv([P], { french: false });
    expect(text.startsWith('\ufeff')).toBe(false);
    const [header, row, end] = text.split('\r\n');
    expect(header).toBe(
      'started_at,day,site,bytes,estimated_bytes,requests,co2e_grams,model,model_version,bytes_document,bytes_script,bytes_stylesheet,bytes_image,bytes_font,bytes_media,bytes_xhr,bytes_websocket,bytes_other,bytes_first_party,bytes_third_party',
    );
    expect(row).toBe('2026-12-03T08:30:00.000Z,2026-12-03,lemans.fr,1234567,4567,12,0.000183,swd,4,1000,2000,0,1231567,0,0,0,0,0,1200000,34567');
    expect(end).toBe('');
    expect(header!.split(',')).toEqual(PAGE_COLUMNS);
  });

  it('writes the French option with semicolons, decimal commas and a byte-order mark', () => {
    const [header, row] = pagesCsv([P], { french: true }).slice(1).split('\r\n');
    expect(header!.split(';')).toEqual(PAGE_COLUMNS);
    expect(row).toContain(';0,000183;swd;4;');
    expect(row!.split(';')).toHaveLength(PAGE_COLUMNS.length);
  });

  it('writes one row per day with the number of sites', () => {
    const d = { ...emptyDay('2026-12-03'), pages: 2, bytes: 10, grams: 1.5, models: ['swd/4', 'swd/3'], sites: { 'a.fr': [1, 5, 0, 1, 1] as [number, number, number, number, number], 'b.fr': [1, 5, 0, 1, 0.5] as [number, number, number, number, number] } };
    const [header, row] = daysCsv([d], { french: true }).slice(1).split('\r\n');
    expect(header!.split(';')).toEqual(DAY_COLUMNS);
    expect(row).toBe('2026-12-03;2;10;0;0;1,5;swd/4 swd/3;0;0;0;0;0;0;0;0;0;0;0;2');
  });

  it('writes decimals without exponent', () => {
    expect(decimal(1e-7, false)).toBe('0.0000001');
    expect(decimal(12.5, true)).toBe('12,5');
    expect(decimal(3, true)).toBe('3');
    expect(decimal(Number.NaN, false)).toBe('');
  });

  it('quotes separators and defuses formulas', () => {
    expect(field('a;b', ';')).toBe('"a;b"');
    expect(field('say "hi"', ',')).toBe('"say ""hi"""');
    expect(field('=cmd()', ',')).toBe("'=cmd()");
    expect(field('plain.fr', ',')).toBe('plain.fr');
  });
});

describe('JSON export', () => {
  it('names every field and parses back', () => {
    const d = { ...emptyDay('2026-12-03'), pages: 1, bytes: 1_234_567, sites: { 'lemans.fr': [1, 1_234_567, 4567, 12, 0.000183] as [number, number, number, number, number] } };
    const parsed = JSON.parse(historyJson({ pages: [P], daily: [d] }, TIME));
    expect(parsed).toMatchObject({ format: 'empreinte-history', version: 2, exportedAt: '2026-12-03T08:30:00.000Z' });
    expect(parsed.pages[0]).toEqual({
      startedAt: '2026-12-03T08:30:00.000Z',
      day: '2026-12-03',
      site: 'lemans.fr',
      bytes: 1_234_567,
      estimatedBytes: 4567,
      requests: 12,
      co2eGrams: 0.000183,
      model: { model: 'swd', version: 4 },
      byKind: { document: 1000, script: 2000, stylesheet: 0, image: 1_231_567, font: 0, media: 0, xhr: 0, websocket: 0, other: 0 },
      byParty: { first: 1_200_000, third: 34_567 },
    });
    expect(parsed.days[0].sites).toEqual({ 'lemans.fr': { pages: 1, bytes: 1_234_567, estimatedBytes: 4567, requests: 12, co2eGrams: 0.000183 } });
  });
});
