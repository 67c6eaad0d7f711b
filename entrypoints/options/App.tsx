/*
 * The options page: one section per domain, each owned by its own file so that settings, history and reporting
 * evolve independently. Sections render their own <section> with a heading, in the language chosen in the
 * settings (the browser's by default), which changes as soon as the person picks another one.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { langOf, type Lang } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { loadLang, SETTINGS_KEY } from '../../lib/settings/store';
import { GeneralSection } from './GeneralSection';
import { HistorySection } from './HistorySection';
import { ReportingSection } from './ReportingSection';

export function App() {
  const [lang, setLang] = useState<Lang>(langOf(browser.i18n.getUILanguage()));
  const t = translator(lang);

  useEffect(() => {
    const read = () => void loadLang().then(setLang);
    read();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if ((area === 'local' && SETTINGS_KEY in changes) || area === 'managed') read();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <main class="page">
      <h1>{t('optionsHeading')}</h1>
      <GeneralSection lang={lang} />
      <HistorySection lang={lang} />
      <ReportingSection lang={lang} />
    </main>
  );
}
