/*
 * The personal dashboard: dashboard.html?period=today|7d|30d|12m. Everything shown comes from the history the
 * background keeps on this device (lib/history); nothing is sent anywhere. Test contract: period-bytes,
 * period-co2-grams and period-pages carry their raw values in data-value.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ChartTrend } from '../../components/ChartTrend';
import { HistoryBreakdown, HistorySites } from '../../components/HistoryBreakdown';
import { HistoryData } from '../../components/HistoryData';
import { HistoryProgress } from '../../components/HistoryProgress';
import { HistoryTotals } from '../../components/HistoryTotals';
import { equivalentOf } from '../../lib/carbon/equivalents';
import { formatBytes, langOf, type Lang } from '../../lib/format';
import { buildExport, deleteAllData, fetchSummary, reasonKey, saveFile, type ExportKind } from '../../lib/history/client';
import { startOfDay } from '../../lib/history/dates';
import { progressOf } from '../../lib/history/progress';
import { PERIODS, type HistoryReply, type HistorySummary, type Period } from '../../lib/history/types';
import { translator, type Translate } from '../../lib/i18n';
import { KINDS } from '../../lib/measure/types';
import { loadLang } from '../../lib/settings/store';
import { TIP_STATE_KEY } from '../../lib/tips/state';
import { TeamSection } from './TeamSection';

/** Marked once the figures are on screen: `npm run bench:history` reads it. */
export const RENDERED_MARK = 'empreinte:dashboard-rendered';

function periodFromUrl(): Period {
  const value = new URLSearchParams(location.search).get('period');
  return (PERIODS as readonly string[]).includes(value ?? '') ? (value as Period) : '7d';
}

export function App() {
  const period = periodFromUrl();
  const [lang, setLang] = useState<Lang>(langOf(browser.i18n.getUILanguage()));
  const t = translator(lang);
  const [reply, setReply] = useState<HistoryReply<HistorySummary> | undefined>(undefined);
  const [tipState, setTipState] = useState<unknown>(undefined);
  const [frenchCsv, setFrenchCsv] = useState(lang === 'fr');
  const [message, setMessage] = useState('');
  const [deleting, setDeleting] = useState(false);

  const load = () =>
    Promise.all([
      fetchSummary(period).then(setReply),
      browser.storage.local.get(TIP_STATE_KEY).then(
        (stored) => setTipState(stored[TIP_STATE_KEY]),
        () => setTipState(undefined),
      ),
    ]);

  useEffect(() => {
    void loadLang().then((l) => {
      setLang(l);
      setFrenchCsv(l === 'fr');
    });
    void load();
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('dashboard_title');
  }, [lang]);
  useEffect(() => {
    if (reply && performance.getEntriesByName(RENDERED_MARK).length === 0) performance.mark(RENDERED_MARK);
  }, [reply]);

  const onExport = async (kind: ExportKind) => {
    const file = await buildExport(kind, frenchCsv);
    if ('error' in file) {
      setMessage(t('history_exportFailed', t(reasonKey(file.error))));
      return;
    }
    saveFile(file);
    setMessage(t('history_exportDone', file.name));
  };
  const onDeleteAll = async () => {
    setDeleting(true);
    const ok = await deleteAllData();
    setDeleting(false);
    setMessage(ok ? t('history_deleted') : t('history_deleteFailed'));
    await load();
  };

  return (
    <main class="page dashboard">
      <h1>{t('dashboard_heading')}</h1>
      <p class="hint">{t('dashboard_intro')}</p>
      <nav aria-label={t('dashboard_periods')}>
        <ul class="periods">
          {PERIODS.map((p) => (
            <li key={p}>
              <a href={`?period=${p}`} aria-current={p === period ? 'page' : undefined}>
                {t(`dashboard_period_${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {reply === undefined && <p>{t('loading')}</p>}
      {reply && !reply.available && (
        <p class="error" role="alert" data-testid="history-unavailable" data-value={reply.reason}>
          {t('dashboard_unavailable', t(reasonKey(reply.reason)))}
        </p>
      )}
      {reply?.available && <Summary summary={reply.data} tipState={tipState} lang={lang} t={t} />}

      <TeamSection />

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t('history_dataHeading')}</h2>
        <HistoryData
          frenchCsv={frenchCsv}
          onFrenchCsv={setFrenchCsv}
          onExport={(kind) => void onExport(kind)}
          onDeleteAll={() => void onDeleteAll()}
          deleting={deleting}
          message={message}
          exportAvailable={reply?.available === true}
          t={t}
        />
        <p>
          <a href={browser.runtime.getURL('/options.html')}>{t('dashboard_settingsLink')}</a>
        </p>
      </section>
    </main>
  );
}

function Summary({ summary, tipState, lang, t }: { summary: HistorySummary; tipState: unknown; lang: Lang; t: Translate }) {
  const { totals } = summary;
  const labels = summary.trend.map((point) => trendLabel(point.key, lang, t));
  const top = summary.trend.reduce<{ i: number; bytes: number }>((best, p, i) => (p.bytes > best.bytes ? { i, bytes: p.bytes } : best), { i: -1, bytes: 0 });
  const unit = summary.period === 'today' ? 'hour' : summary.period === '12m' ? 'month' : 'day';
  const unitName = t(`dashboard_unit_${unit}`);
  const chartSummary =
    top.i < 0
      ? t('dashboard_trendEmpty', unitName)
      : t('dashboard_trendLabel', unitName, longDate(summary.from, lang), longDate(summary.to, lang), formatBytes(top.bytes, lang), labels[top.i] ?? '');
  const progress = progressOf(totals, summary.previous, tipState, summary.from, summary.to);
  const kinds = KINDS.filter((kind) => totals.byKind[kind] > 0).sort((a, b) => totals.byKind[b] - totals.byKind[a]);
  return (
    <>
      <p class="range">{summary.from === summary.to ? longDate(summary.from, lang) : t('dashboard_range', longDate(summary.from, lang), longDate(summary.to, lang))}</p>
      <HistoryTotals totals={totals} equivalent={equivalentOf(totals.grams, lang)} lang={lang} t={t} />
      {totals.pages === 0 && <p data-testid="history-empty">{t('dashboard_empty')}</p>}

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t('dashboard_progress')}</h2>
        <HistoryProgress
          totals={totals}
          previous={summary.previous}
          bytesChange={progress.bytesChange}
          gramsChange={progress.gramsChange}
          dropped={progress.dropped}
          adopted={progress.adopted}
          since={summary.since ? longDate(summary.since, lang) : null}
          lang={lang}
          t={t}
        />
      </section>

      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t('dashboard_trend')}</h2>
        <ChartTrend points={summary.trend} labels={labels} summary={chartSummary} lang={lang} t={t} />
      </section>

      {totals.pages > 0 && (
        <section aria-labelledby="detail-heading" class="columns">
          <h2 id="detail-heading" class="visually-hidden">
            {t('byKind')}
          </h2>
          <HistoryBreakdown caption={t('byKind')} rows={kinds.map((kind) => ({ label: t(`kind_${kind}`), bytes: totals.byKind[kind] }))} total={totals.bytes} lang={lang} t={t} />
          <HistorySites sites={summary.topSites} lang={lang} t={t} />
        </section>
      )}
      {summary.models.length > 0 && <p class="method">{t('dashboard_models', summary.models.map(modelName).join(', '))}</p>}
    </>
  );
}

function modelName(model: string): string {
  const [name, version] = model.split('/');
  return name === 'swd' ? `Sustainable Web Design v${version}` : model;
}

function locale(lang: Lang): string {
  return lang === 'fr' ? 'fr-FR' : 'en-GB';
}

function longDate(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric' }).format(startOfDay(day));
}

/** "14 h", "3 déc.", "déc. 2026" for an hour of today, a day, a month. */
function trendLabel(key: string, lang: Lang, t: Translate): string {
  if (/^\d{2}$/.test(key)) return t('dashboard_hour', Number(key));
  if (/^\d{4}-\d{2}$/.test(key)) return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: '2-digit' }).format(startOfDay(`${key}-01`));
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short' }).format(startOfDay(key));
}
