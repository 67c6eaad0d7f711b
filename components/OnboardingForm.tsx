/*
 * The person's settings as a form: role, optional team code, interface language, grid country. Used by the
 * onboarding page at install and by the options page (General section). Fields an administrator's policy sets
 * are shown disabled with a note. Presentational: the page loads and saves; the form only validates what is
 * typed (an invalid team code is kept in the field with an error, never silently dropped).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import type { LangChoice, Role, Settings, SettingsField } from '../lib/settings';
import type { CountryOption } from '../lib/settings/countries';

const ROLE_KEYS = {
  agent: 'onboarding_roleAgent',
  elected: 'onboarding_roleElected',
  ambassador: 'onboarding_roleAmbassador',
  webmaster: 'onboarding_roleWebmaster',
} as const satisfies Record<Role, string>;

const LANG_KEYS = { auto: 'onboarding_langAuto', fr: 'onboarding_langFr', en: 'onboarding_langEn' } as const satisfies Record<LangChoice, string>;

const ROLES = Object.keys(ROLE_KEYS) as Role[];
const LANG_CHOICES = Object.keys(LANG_KEYS) as LangChoice[];

export interface OnboardingFormProps {
  settings: Settings;
  locked: readonly SettingsField[];
  countries: readonly CountryOption[];
  /** lib/settings normaliseTeamCode: the code to store, or undefined when it is not a valid code. */
  normaliseTeamCode: (typed: string) => string | undefined;
  /** Resolves once saved; rejects with a message to show. */
  onSave: (next: Settings) => Promise<void>;
  submitLabel: string;
  t: Translate;
}

export function OnboardingForm({ settings, locked, countries, normaliseTeamCode, onSave, submitLabel, t }: OnboardingFormProps) {
  const [role, setRole] = useState<Role>(settings.role);
  const [team, setTeam] = useState(settings.teamCode);
  const [lang, setLang] = useState<LangChoice>(settings.lang);
  const [country, setCountry] = useState<string>(settings.grid.country);
  const [status, setStatus] = useState<'idle' | 'saved' | 'invalid' | 'failed'>('idle');

  // New settings from the page (loaded late, or changed in another tab) replace the form's values.
  useEffect(() => {
    setRole(settings.role);
    setTeam(settings.teamCode);
    setLang(settings.lang);
    setCountry(settings.grid.country);
  }, [settings]);

  const isLocked = (field: SettingsField) => locked.includes(field);
  const teamInvalid = normaliseTeamCode(team) === undefined;

  const submit = (event: Event) => {
    event.preventDefault();
    const teamCode = normaliseTeamCode(team);
    if (teamCode === undefined) {
      setStatus('invalid');
      return;
    }
    const next: Settings = { ...settings, role, teamCode, lang, grid: { ...settings.grid, country: country as Settings['grid']['country'] } };
    onSave(next).then(
      () => setStatus('saved'),
      () => setStatus('failed'),
    );
  };

  const lockNote = (field: SettingsField) =>
    isLocked(field) ? (
      <span class="hint" id={`locked-${field}`}>
        {' '}
        {t('onboarding_locked')}
      </span>
    ) : null;

  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      <fieldset disabled={isLocked('role')} aria-describedby={isLocked('role') ? 'locked-role' : undefined}>
        <legend>
          {t('onboarding_role')}
          {lockNote('role')}
        </legend>
        {ROLES.map((r) => (
          <div key={r}>
            <input type="radio" id={`role-${r}`} name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
            <label for={`role-${r}`}>{t(ROLE_KEYS[r])}</label>
          </div>
        ))}
      </fieldset>

      <div class="field">
        <label for="team-code">{t('onboarding_team')}</label>
        <input
          id="team-code"
          name="teamCode"
          type="text"
          autocomplete="off"
          maxLength={32}
          value={team}
          disabled={isLocked('teamCode')}
          aria-invalid={status === 'invalid' && teamInvalid ? 'true' : 'false'}
          aria-describedby={['team-hint', status === 'invalid' && teamInvalid ? 'team-error' : '', isLocked('teamCode') ? 'locked-teamCode' : ''].filter(Boolean).join(' ')}
          onInput={(e) => setTeam(e.currentTarget.value)}
        />
        <p class="hint" id="team-hint">
          {t('onboarding_teamHint')}
        </p>
        {status === 'invalid' && teamInvalid && (
          <p class="error" id="team-error">
            {t('onboarding_teamInvalid')}
          </p>
        )}
        {lockNote('teamCode')}
      </div>

      <div class="field">
        <label for="lang">{t('onboarding_lang')}</label>
        <select id="lang" name="lang" value={lang} disabled={isLocked('lang')} onChange={(e) => setLang(e.currentTarget.value as LangChoice)}>
          {LANG_CHOICES.map((l) => (
            <option key={l} value={l}>
              {t(LANG_KEYS[l])}
            </option>
          ))}
        </select>
        {lockNote('lang')}
      </div>

      <div class="field">
        <label for="country">{t('onboarding_country')}</label>
        <select id="country" name="country" value={country} disabled={isLocked('grid')} aria-describedby="country-hint" onChange={(e) => setCountry(e.currentTarget.value)}>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        <p class="hint" id="country-hint">
          {t('onboarding_countryHint')}
        </p>
        {lockNote('grid')}
      </div>

      <button type="submit">{submitLabel}</button>
      <p role="status" data-testid="settings-status" data-value={status}>
        {status === 'saved' ? t('onboarding_saved') : status === 'failed' ? t('onboarding_saveFailed') : status === 'invalid' ? t('onboarding_teamInvalid') : ''}
      </p>
    </form>
  );
}
