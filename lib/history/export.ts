/*
 * The user's history as files they can keep: CSV (pages, days) and JSON (everything). Columns are documented in
 * docs/history.md; change both together. "French" CSV uses `;` between fields and decimal commas, which is what
 * a spreadsheet set to French expects; it starts with a byte-order mark so accents open right.
 */
import { RECORD_KINDS, type DailyRecord, type HistoryExport, type PageRecord } from './types';

export const EXPORT_FORMAT = 'empreinte-history';
export const EXPORT_VERSION = 2;

export interface CsvOptions {
  french: boolean;
}

const KIND_COLUMNS = RECORD_KINDS.map((kind) => `bytes_${kind}`);

export const PAGE_COLUMNS = ['started_at', 'day', 'site', 'bytes', 'estimated_bytes', 'requests', 'co2e_grams', 'model', 'model_version', ...KIND_COLUMNS, 'bytes_first_party', 'bytes_third_party'];
export const DAY_COLUMNS = ['day', 'pages', 'bytes', 'estimated_bytes', 'requests', 'co2e_grams', 'models', ...KIND_COLUMNS, 'bytes_first_party', 'bytes_third_party', 'sites'];

/** Decimal without exponent (grams of a small page are about 1e-4), trailing zeros trimmed. */
export function decimal(value: number, french: boolean): string {
  if (!Number.isFinite(value)) return '';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
  return french ? text.replace('.', ',') : text;
}

/** Quotes a field when needed, and defuses text a spreadsheet would run as a formula (CSV injection). */
export function field(text: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return safe.includes(separator) || /["\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(header: string[], rows: (string | number)[][], options: CsvOptions): string {
  const sep = options.french ? ';' : ',';
  const cell = (value: string | number) => (typeof value === 'number' ? decimal(value, options.french) : field(value, sep));
  const lines = [header.join(sep), ...rows.map((row) => row.map(cell).join(sep))];
  return (options.french ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}

export function pagesCsv(pages: PageRecord[], options: CsvOptions): string {
  return csv(
    PAGE_COLUMNS,
    pages.map((p) => [new Date(p.time).toISOString(), p.day, p.site, p.bytes, p.estimatedBytes, p.requests, p.grams, p.model, p.modelVersion, ...RECORD_KINDS.map((_, i) => p.kinds[i] ?? 0), p.parties[0], p.parties[1]]),
    options,
  );
}

export function daysCsv(days: DailyRecord[], options: CsvOptions): string {
  return csv(
    DAY_COLUMNS,
    days.map((d) => [
      d.day,
      d.pages,
      d.bytes,
      d.estimatedBytes,
      d.requests,
      d.grams,
      d.models.join(' '),
      ...RECORD_KINDS.map((_, i) => d.kinds[i] ?? 0),
      d.parties[0],
      d.parties[1],
      Object.keys(d.sites).length,
    ]),
    options,
  );
}

/** JSON with named fields (not the compact storage arrays), so the file explains itself. */
export function historyJson(data: HistoryExport, exportedAt: number): string {
  const kinds = (values: number[]) => Object.fromEntries(RECORD_KINDS.map((kind, i) => [kind, values[i] ?? 0]));
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date(exportedAt).toISOString(),
      pages: data.pages.map((p) => ({
        startedAt: new Date(p.time).toISOString(),
        day: p.day,
        site: p.site,
        bytes: p.bytes,
        estimatedBytes: p.estimatedBytes,
        requests: p.requests,
        co2eGrams: p.grams,
        model: { model: p.model, version: p.modelVersion },
        byKind: kinds(p.kinds),
        byParty: { first: p.parties[0], third: p.parties[1] },
      })),
      days: data.daily.map((d) => ({
        day: d.day,
        pages: d.pages,
        bytes: d.bytes,
        estimatedBytes: d.estimatedBytes,
        requests: d.requests,
        co2eGrams: d.grams,
        models: d.models,
        byKind: kinds(d.kinds),
        byParty: { first: d.parties[0], third: d.parties[1] },
        sites: Object.fromEntries(
          Object.entries(d.sites).map(([site, [pages, bytes, estimatedBytes, requests, grams]]) => [site, { pages, bytes, estimatedBytes, requests, co2eGrams: grams }]),
        ),
      })),
    },
    null,
    2,
  );
}
