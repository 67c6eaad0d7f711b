/*
 * The options page: one section per domain, each owned by its own file so that settings, history and reporting
 * evolve independently. Sections render their own <section> with a heading.
 */
import { browser } from 'wxt/browser';
import { langOf } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { GeneralSection } from './GeneralSection';
import { HistorySection } from './HistorySection';
import { ReportingSection } from './ReportingSection';

export function App() {
  const lang = langOf(browser.i18n.getUILanguage());
  const t = translator(lang);
  document.documentElement.lang = lang;
  return (
    <main class="page">
      <h1>{t('optionsHeading')}</h1>
      <GeneralSection />
      <HistorySection />
      <ReportingSection />
    </main>
  );
}
