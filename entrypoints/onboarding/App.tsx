/*
 * The welcome page, opened once at install (lib/settings/store.ts openOnboardingAtInstall): what Empreinte does
 * and keeps, then role, optional team code, language and grid country. Everything stays changeable in the
 * options page; fields an administrator's policy sets are shown locked.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OnboardingForm } from '../../components/OnboardingForm';
import { ReportNotice, type ReportNoticeState } from '../../components/ReportNotice';
import { langOf, type Lang } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { sendMessage } from '../../lib/messaging/protocol';
import { DEFAULT_SETTINGS, normaliseTeamCode, resolveLang, type Settings, type SettingsField } from '../../lib/settings';
import { countryOptions } from '../../lib/settings/countries';
import { loadSettings, saveSettings } from '../../lib/settings/store';

export function App() {
  const uiLanguage = browser.i18n.getUILanguage();
  const [lang, setLang] = useState<Lang>(langOf(uiLanguage));
  const t = translator(lang);
  const [loaded, setLoaded] = useState<{ settings: Settings; locked: SettingsField[] } | null>(null);
  const [report, setReport] = useState<ReportNoticeState>({ kind: 'none' });

  useEffect(() => {
    loadSettings().then(
      (result) => {
        setLoaded(result);
        setLang(resolveLang(result.settings.lang, uiLanguage));
      },
      () => setLoaded({ settings: DEFAULT_SETTINGS, locked: [] }),
    );
    // A policy may have configured the weekly report before this page opened: say so here, not only in the options.
    sendMessage('reportStatus', undefined).then(
      (status) => {
        const config = status?.config;
        if (!config?.configured) return;
        setReport(config.active && config.collectorUrl ? { kind: 'active', collectorUrl: config.collectorUrl } : { kind: 'off' });
      },
      () => {},
    );
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('onboarding_title')} – Empreinte`;
  }, [lang]);
  const countries = useMemo(() => countryOptions(lang), [lang]);

  const save = async (next: Settings) => {
    const locked = loaded?.locked ?? [];
    await saveSettings(next, locked);
    const reloaded = await loadSettings();
    setLoaded(reloaded);
    setLang(resolveLang(reloaded.settings.lang, uiLanguage));
  };

  return (
    <main class="page onboarding">
      <h1>{t('onboarding_title')}</h1>
      <p>{t('onboarding_intro')}</p>
      <p>{t('onboarding_privacy')}</p>
      <ReportNotice state={report} optionsHref="/options.html#reporting" t={t} />
      <h2>{t('onboarding_settingsHeading')}</h2>
      {loaded ? (
        <OnboardingForm
          settings={loaded.settings}
          locked={loaded.locked}
          countries={countries}
          normaliseTeamCode={normaliseTeamCode}
          onSave={save}
          submitLabel={t('onboarding_save')}
          t={t}
        />
      ) : (
        <p>{t('loading')}</p>
      )}
      <p>
        <a href="/guide.html">{t('guide_open')}</a>
      </p>
      <p class="hint">{t('onboarding_later')}</p>
    </main>
  );
}
