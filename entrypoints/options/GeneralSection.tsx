/*
 * Options, General: the same settings as the onboarding page (role, team code, language, grid country), with
 * the fields an administrator's policy sets shown locked. The page chooses the language (entrypoints/options/App.tsx).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { OnboardingForm } from '../../components/OnboardingForm';
import type { Lang } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { normaliseTeamCode, type Settings, type SettingsField } from '../../lib/settings';
import { countryOptions } from '../../lib/settings/countries';
import { loadSettings, saveSettings } from '../../lib/settings/store';

export function GeneralSection({ lang }: { lang: Lang }) {
  const t = translator(lang);
  const [loaded, setLoaded] = useState<{ settings: Settings; locked: SettingsField[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const countries = useMemo(() => countryOptions(lang), [lang]);

  useEffect(() => {
    loadSettings().then(setLoaded, () => setFailed(true));
  }, []);

  const save = async (next: Settings) => {
    await saveSettings(next, loaded?.locked ?? []);
    setLoaded(await loadSettings());
  };

  return (
    <section aria-labelledby="general-heading" data-testid="general-section">
      <h2 id="general-heading">{t('settings_heading')}</h2>
      {failed && <p role="alert">{t('onboarding_saveFailed')}</p>}
      {loaded && (
        <OnboardingForm
          settings={loaded.settings}
          locked={loaded.locked}
          countries={countries}
          normaliseTeamCode={normaliseTeamCode}
          onSave={save}
          submitLabel={t('onboarding_save')}
          t={t}
        />
      )}
    </section>
  );
}
