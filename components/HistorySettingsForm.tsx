import { useEffect, useState } from 'preact/hooks';
import type { RetentionField } from '../lib/history/settings';
import type { Translate } from '../lib/i18n';

export interface HistorySettingsValue {
  enabled: boolean;
  pageDays: number;
  rollupMonths: number;
  recordPrivate: boolean;
}

export interface HistorySettingsFormProps {
  value: HistorySettingsValue;
  ranges: { pageDays: { min: number; max: number }; rollupMonths: { min: number; max: number } };
  /** Fields an administrator's policy sets: shown, not editable. */
  locked?: readonly RetentionField[];
  onSave: (value: HistorySettingsValue) => void;
  message: string;
  t: Translate;
}

/** History's own settings (retention, private windows). Invalid numbers are refused with a message, never clamped silently. */
export function HistorySettingsForm({ value, ranges, locked = [], onSave, message, t }: HistorySettingsFormProps) {
  const [enabled, setEnabled] = useState(value.enabled);
  const [recordPrivate, setRecordPrivate] = useState(value.recordPrivate);
  const [pageDays, setPageDays] = useState(String(value.pageDays));
  const [rollupMonths, setRollupMonths] = useState(String(value.rollupMonths));
  const [errors, setErrors] = useState<{ pageDays?: string; rollupMonths?: string }>({});
  useEffect(() => {
    setEnabled(value.enabled);
    setRecordPrivate(value.recordPrivate);
    setPageDays(String(value.pageDays));
    setRollupMonths(String(value.rollupMonths));
  }, [value]);

  const parse = (text: string, range: { min: number; max: number }) => {
    const n = Number(text.trim());
    return /^\d+$/.test(text.trim()) && n >= range.min && n <= range.max ? n : null;
  };
  const submit = (event: Event) => {
    event.preventDefault();
    // A locked field keeps the value in force; the caller keeps the person's own stored value under the policy.
    const days = locked.includes('pageDays') ? value.pageDays : parse(pageDays, ranges.pageDays);
    const months = locked.includes('rollupMonths') ? value.rollupMonths : parse(rollupMonths, ranges.rollupMonths);
    const next = {
      pageDays: days === null ? t('history_invalid', ranges.pageDays.min, ranges.pageDays.max) : undefined,
      rollupMonths: months === null ? t('history_invalid', ranges.rollupMonths.min, ranges.rollupMonths.max) : undefined,
    };
    setErrors(next);
    if (days === null || months === null) return;
    onSave({ enabled, recordPrivate, pageDays: days, rollupMonths: months });
  };

  return (
    <form onSubmit={submit} class="history-settings" noValidate>
      <p>
        <label>
          <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled((e.currentTarget as HTMLInputElement).checked)} /> {t('history_enabled')}
        </label>
      </p>
      <p>
        <label for="history-page-days">{t('history_pageDays')}</label>{' '}
        <input
          id="history-page-days"
          type="number"
          inputMode="numeric"
          min={ranges.pageDays.min}
          max={ranges.pageDays.max}
          value={pageDays}
          aria-invalid={errors.pageDays ? 'true' : 'false'}
          disabled={locked.includes('pageDays')}
          aria-describedby={errors.pageDays ? 'history-page-days-error' : locked.includes('pageDays') ? 'history-page-days-locked history-retention-hint' : 'history-retention-hint'}
          onInput={(e) => setPageDays((e.currentTarget as HTMLInputElement).value)}
        />
        {locked.includes('pageDays') && (
          <span id="history-page-days-locked" class="hint">
            {' '}
            {t('history_byPolicy')}
          </span>
        )}
        {errors.pageDays && (
          <span id="history-page-days-error" class="error">
            {' '}
            {errors.pageDays}
          </span>
        )}
      </p>
      <p>
        <label for="history-rollup-months">{t('history_rollupMonths')}</label>{' '}
        <input
          id="history-rollup-months"
          type="number"
          inputMode="numeric"
          min={ranges.rollupMonths.min}
          max={ranges.rollupMonths.max}
          value={rollupMonths}
          aria-invalid={errors.rollupMonths ? 'true' : 'false'}
          disabled={locked.includes('rollupMonths')}
          aria-describedby={errors.rollupMonths ? 'history-rollup-months-error' : locked.includes('rollupMonths') ? 'history-rollup-months-locked history-retention-hint' : 'history-retention-hint'}
          onInput={(e) => setRollupMonths((e.currentTarget as HTMLInputElement).value)}
        />
        {locked.includes('rollupMonths') && (
          <span id="history-rollup-months-locked" class="hint">
            {' '}
            {t('history_byPolicy')}
          </span>
        )}
        {errors.rollupMonths && (
          <span id="history-rollup-months-error" class="error">
            {' '}
            {errors.rollupMonths}
          </span>
        )}
      </p>
      <p id="history-retention-hint" class="hint">
        {t('history_retentionHint')}
      </p>
      <p>
        <label>
          <input type="checkbox" name="recordPrivate" checked={recordPrivate} onChange={(e) => setRecordPrivate((e.currentTarget as HTMLInputElement).checked)} /> {t('history_recordPrivate')}
        </label>
        <br />
        <span class="hint">{t('history_privateHint')}</span>
      </p>
      <button type="submit">{t('history_save')}</button>
      <p role="status">{message}</p>
    </form>
  );
}
