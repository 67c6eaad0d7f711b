/*
 * History's own settings, kept in storage.local under their own key so that they do not depend on the shape of
 * the general settings (edited elsewhere). Read from storage, they are untrusted: each field falls back alone.
 */
export const HISTORY_SETTINGS_KEY = 'historySettings';

export interface HistorySettings {
  /** Record pages at all. Off: nothing new is written; what exists stays until deleted or expired. */
  enabled: boolean;
  /** Keep each page record this many days (strategy action 38: keep no more than needed). */
  pageDays: number;
  /** Keep the daily totals this many months (13: a full year compared with the same month last year). */
  rollupMonths: number;
  /** Record pages of private windows. Off by default: a private window is meant to leave no trace. */
  recordPrivate: boolean;
}

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = { enabled: true, pageDays: 30, rollupMonths: 13, recordPrivate: false };

export const PAGE_DAYS_RANGE = { min: 1, max: 366 } as const;
export const ROLLUP_MONTHS_RANGE = { min: 1, max: 36 } as const;

function intIn(value: unknown, range: { min: number; max: number }): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

export function parseHistorySettings(raw: unknown): HistorySettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof HistorySettings, unknown>>;
  const d = DEFAULT_HISTORY_SETTINGS;
  return {
    enabled: typeof value.enabled === 'boolean' ? value.enabled : d.enabled,
    pageDays: intIn(value.pageDays, PAGE_DAYS_RANGE) ? value.pageDays : d.pageDays,
    rollupMonths: intIn(value.rollupMonths, ROLLUP_MONTHS_RANGE) ? value.rollupMonths : d.rollupMonths,
    recordPrivate: typeof value.recordPrivate === 'boolean' ? value.recordPrivate : d.recordPrivate,
  };
}

/** The retention fields an administrator's policy may set (public/managed_schema.json). */
export type RetentionField = 'pageDays' | 'rollupMonths';

/**
 * The valid retention fields of a managed policy (`historyPageDays`, `historyRollupMonths`), and only those: an
 * out-of-range value is ignored, so it locks nothing and the person's own choice stays in force.
 */
export function parseManagedHistory(raw: unknown): Partial<Pick<HistorySettings, RetentionField>> {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    ...(intIn(value.historyPageDays, PAGE_DAYS_RANGE) ? { pageDays: value.historyPageDays } : {}),
    ...(intIn(value.historyRollupMonths, ROLLUP_MONTHS_RANGE) ? { rollupMonths: value.historyRollupMonths } : {}),
  };
}

/** The settings in force: the person's, with the policy's retention on top, and which fields it locks. */
export function applyManagedHistory(own: HistorySettings, managed: Partial<Pick<HistorySettings, RetentionField>>): { settings: HistorySettings; locked: RetentionField[] } {
  const locked = (['pageDays', 'rollupMonths'] as const).filter((field) => managed[field] !== undefined);
  return { settings: { ...own, ...managed }, locked };
}
