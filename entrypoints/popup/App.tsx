import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PageFigures } from '../../components/PageFigures';
import { equivalentOf } from '../../lib/carbon/equivalents';
import { langOf, type Lang } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { sendMessage, type PageView } from '../../lib/messaging/protocol';
import { loadLang } from '../../lib/settings/store';
import { TipSection } from './TipSection';

const REFRESH_MS = 1_000;

/** `popup.html?tabId=N` shows tab N (a stable contract for tests and for the dashboard); otherwise the active tab. */
async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function App() {
  // The browser's language first, then the person's choice (settings) once read.
  const [lang, setLang] = useState<Lang>(langOf(browser.i18n.getUILanguage()));
  const t = translator(lang);
  const [view, setView] = useState<PageView | null | undefined>(undefined);

  useEffect(() => {
    void loadLang().then(setLang);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      const tabId = await targetTab();
      const next = tabId === undefined ? null : await sendMessage('getPage', tabId).catch(() => undefined);
      if (stopped) return;
      // A worker that is restarting answers nothing: keep the last figures rather than blanking them.
      if (next !== undefined) setView(next);
      timer = setTimeout(refresh, REFRESH_MS);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <main>
      <h1>{t('popupHeading')}</h1>
      {view === undefined && <p>{t('loading')}</p>}
      {view === null && <p data-testid="no-page">{t('noPage')}</p>}
      {view && (
        <>
          <p class="site">{hostOf(view.url)}</p>
          <PageFigures
            totals={view.totals}
            carbon={view.carbon}
            equivalent={equivalentOf(view.carbon.grams, lang)}
            gridLabel={view.carbon.model.model === 'swd' ? gridName(lang) : ''}
            lang={lang}
            t={t}
          />
          <TipSection tabId={view.tabId} lang={lang} t={t} />
        </>
      )}
      <p class="guide-link">
        <a href="/guide.html" target="_blank" rel="noopener">
          {t('guide_open')}
        </a>
      </p>
      <p class="dashboard-link">
        <a href="/dashboard.html?period=today" target="_blank" rel="noopener" data-testid="open-dashboard">
          {t('dashboard_open')}
        </a>
      </p>
    </main>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function gridName(lang: 'fr' | 'en'): string {
  return lang === 'fr' ? 'réseau français pour l’appareil et le réseau, moyenne mondiale pour les centres de données' : 'French grid for device and network, world average for data centres';
}
