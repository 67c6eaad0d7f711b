/*
 * Options, weekly anonymous report: whether it is on (and the switch to turn it off at any time), where it goes,
 * what leaves the browser, the next report in plain words and as the exact JSON, and what was sent. Everything
 * comes from the background (messages reportStatus / reportUpdate): tokens are never shown back, only whether
 * one is set.
 *
 * This is also the disclosure Firefox asks an extension to show itself, even when a policy installed it and
 * turned reporting on: the background opens this page once in that case (lib/report/background.ts).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ReportContents } from '../../components/ReportContents';
import type { Lang } from '../../lib/format';
import { currentPlatform, type PlatformApi } from '../../lib/measure/platform';
import { translator, type MessageKey } from '../../lib/i18n';
import { sendMessage } from '../../lib/messaging/protocol';
import type { PrefsChange, PrefsProblem, ReportQueueView, ReportStatus } from '../../lib/report/types';
import { tips } from '../../lib/tips/catalogue';

const PROBLEM_KEYS: Record<PrefsProblem['problem'], MessageKey> = {
  invalid: 'report_problem_invalid',
  insecure: 'report_problem_insecure',
  'invalid-token': 'report_problem_invalidToken',
  locked: 'report_problem_locked',
};

/** Storage keys whose change alters what this section shows. */
const WATCHED = /^(report:|tips$|settings$)/;

export function ReportingSection({ lang }: { lang: Lang }) {
  const t = translator(lang);
  const tipTitles = useMemo(() => Object.fromEntries(tips.map((tip) => [tip.id, tip.title[lang]])), [lang]);
  const [status, setStatus] = useState<ReportStatus | null | undefined>(undefined);
  const [problem, setProblem] = useState<PrefsProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [consentRefused, setConsentRefused] = useState(false);
  const [form, setForm] = useState({ collectorUrl: '', enrollmentToken: '', teamToken: '' });

  const refresh = () =>
    sendMessage('reportStatus', undefined).then(
      (next) => setStatus(next),
      () => setStatus(null),
    );

  useEffect(() => {
    void refresh();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'managed' || (area === 'local' && Object.keys(changes).some((k) => WATCHED.test(k)))) void refresh();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  // Linked from the onboarding as options.html#reporting: the section appears only once the background answered,
  // after the browser looked for the anchor, so scroll to it then.
  const shown = status !== undefined;
  useEffect(() => {
    if (shown && location.hash === '#reporting') document.getElementById('reporting')?.scrollIntoView();
  }, [shown]);

  useEffect(() => {
    if (status) setForm((f) => ({ ...f, collectorUrl: f.collectorUrl || status.config.collectorUrl || '' }));
  }, [status?.config.collectorUrl]);

  const update = async (change: PrefsChange) => {
    setSaved(false);
    const result = await sendMessage('reportUpdate', change).catch(() => null);
    if (!result) {
      setStatus(null);
      return false;
    }
    if (!result.ok) {
      setProblem(result.problem);
      return false;
    }
    setProblem(null);
    setStatus(result.status);
    return true;
  };

  /**
   * The switch. Turning it on in Firefox first asks for the browser's data-collection consent (its own prompt,
   * which needs this click); refused, nothing changes.
   */
  const toggle = async (on: boolean) => {
    if (on && status && !status.config.consent) {
      const api = browser as unknown as PlatformApi;
      const granted = await currentPlatform(api).requestReportingConsent(api).catch(() => false);
      if (!granted) {
        setConsentRefused(true);
        void refresh();
        return;
      }
    }
    setConsentRefused(false);
    await update({ enabled: on });
  };

  const saveCollector = async (event: Event) => {
    event.preventDefault();
    if (!status) return;
    const locked = status.config.locked;
    const change: PrefsChange = {};
    if (!locked.includes('collectorUrl')) change.collectorUrl = form.collectorUrl.trim() === '' ? null : form.collectorUrl;
    // An empty token field keeps the saved token (it is never shown back).
    if (!locked.includes('enrollmentToken') && form.enrollmentToken.trim() !== '') change.enrollmentToken = form.enrollmentToken;
    if (!locked.includes('teamToken') && form.teamToken.trim() !== '') change.teamToken = form.teamToken;
    if (await update(change)) {
      setForm((f) => ({ ...f, enrollmentToken: '', teamToken: '' }));
      setSaved(true);
    }
  };

  const heading = (
    <h2 id="reporting-heading" tabIndex={-1}>
      {t('report_heading')}
    </h2>
  );
  if (status === undefined) return <section id="reporting" aria-labelledby="reporting-heading">{heading}</section>;
  if (status === null) {
    return (
      <section id="reporting" aria-labelledby="reporting-heading">
        {heading}
        <p role="alert">{t('report_loadFailed')}</p>
      </section>
    );
  }

  const { config } = status;
  const allLocked = (['collectorUrl', 'enrollmentToken', 'teamToken'] as const).every((f) => config.locked.includes(f));
  const problemText = (field: PrefsProblem['field']) =>
    problem?.field === field ? (
      <p class="error" id={`report-${field}-problem`} role="alert">
        {t(PROBLEM_KEYS[problem.problem])}
      </p>
    ) : null;
  const host = config.collectorUrl ? new URL(config.collectorUrl).host : '';

  return (
    <section id="reporting" aria-labelledby="reporting-heading" data-testid="reporting-section">
      {heading}
      <p>{t('report_intro')}</p>

      <div class="settings-form">
        <p class="field">
          <label class="inline">
            <input
              type="checkbox"
              data-testid="report-enabled"
              checked={config.active}
              disabled={!config.configured}
              aria-describedby="report-enabled-hint"
              onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('report_enabledLabel')}
          </label>
        </p>
        <p class="hint" id="report-enabled-hint" data-testid="report-state">
          {config.configured ? t('report_enabledHint') : t('report_notConfigured')}
          {config.policyDefault === true && !config.chosen ? ` ${t('report_policyDefault')}` : ''}
          {config.configured && config.enabled && !config.consent ? ` ${t('report_consentNeeded')}` : ''}
        </p>
        {consentRefused && <p role="alert">{t('report_consentRefused')}</p>}
      </div>

      {config.active && (
        <div class="report-disclosure" role="note" aria-labelledby="report-disclosure-heading" data-testid="report-disclosure">
          <h3 id="report-disclosure-heading">{t('report_disclosureHeading')}</h3>
          <p>{t('report_disclosure', host)}</p>
        </div>
      )}
      {config.configured && <p data-testid="report-team">{teamText(status, t)}</p>}

      {status.next && (
        <>
          <h3>{t('report_nextHeading', status.next.report.week, status.next.sendWeek)}</h3>
          <p class="hint">{t('report_nextHint')}</p>
          <ReportContents report={status.next.report} t={t} tipTitles={tipTitles} testId="report-next" />
        </>
      )}

      <h3>{t('report_queueHeading')}</h3>
      {status.queue.length === 0 ? (
        <p data-testid="report-queue-empty">{t('report_queueEmpty')}</p>
      ) : (
        <ul class="report-queue" data-testid="report-queue">
          {status.queue.map((item) => (
            <li key={item.report.reportId} data-status={item.status} data-week={item.report.week}>
              <p>
                <strong>{queueLine(item, t, lang)}</strong>
              </p>
              {item.attempts > 0 && item.lastError && <p class="hint">{t('report_attempts', item.attempts, item.lastError)}</p>}
              <ReportContents report={item.report} t={t} tipTitles={tipTitles} testId={`report-${item.status}-${item.report.week}`} />
            </li>
          ))}
        </ul>
      )}

      <h3>{t('report_collectorHeading')}</h3>
      {allLocked ? (
        <p>{t('report_byPolicy')}</p>
      ) : (
        <form class="settings-form" onSubmit={saveCollector} data-testid="report-collector-form">
          <div class="field">
            <label for="report-collector-url">{t('report_collectorLabel')}</label>
            <input
              id="report-collector-url"
              type="url"
              inputMode="url"
              autocomplete="off"
              value={form.collectorUrl}
              disabled={config.locked.includes('collectorUrl')}
              aria-describedby="report-collector-hint"
              aria-invalid={problem?.field === 'collectorUrl'}
              onInput={(e) => setForm({ ...form, collectorUrl: (e.currentTarget as HTMLInputElement).value })}
            />
            <p class="hint" id="report-collector-hint">
              {config.locked.includes('collectorUrl') ? t('report_byPolicy') : t('report_collectorHint')}
            </p>
            {problemText('collectorUrl')}
          </div>
          <div class="field">
            <label for="report-enrollment-token">{t('report_tokenLabel')}</label>
            <input
              id="report-enrollment-token"
              type="password"
              autocomplete="off"
              value={form.enrollmentToken}
              disabled={config.locked.includes('enrollmentToken')}
              aria-describedby="report-enrollment-hint"
              aria-invalid={problem?.field === 'enrollmentToken'}
              onInput={(e) => setForm({ ...form, enrollmentToken: (e.currentTarget as HTMLInputElement).value })}
            />
            <p class="hint" id="report-enrollment-hint">
              {config.locked.includes('enrollmentToken')
                ? t('report_byPolicy')
                : `${t('report_tokenHint')}${config.enrollmentTokenSet ? ` ${t('report_tokenSet')}` : ''}`}
            </p>
            {problemText('enrollmentToken')}
          </div>
          <div class="field">
            <label for="report-team-token">{t('report_teamTokenLabel')}</label>
            <input
              id="report-team-token"
              type="password"
              autocomplete="off"
              value={form.teamToken}
              disabled={config.locked.includes('teamToken')}
              aria-describedby="report-team-token-hint"
              aria-invalid={problem?.field === 'teamToken'}
              onInput={(e) => setForm({ ...form, teamToken: (e.currentTarget as HTMLInputElement).value })}
            />
            <p class="hint" id="report-team-token-hint">
              {config.locked.includes('teamToken')
                ? t('report_byPolicy')
                : `${t('report_teamTokenHint')}${config.teamTokenSet ? ` ${t('report_tokenSet')}` : ''}`}
            </p>
            {problemText('teamToken')}
          </div>
          <button type="submit">{t('report_save')}</button>
          {saved && (
            <p role="status" data-testid="report-saved">
              {t('report_saved')}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

function teamText(status: ReportStatus, t: ReturnType<typeof translator>): string {
  const team = status.team;
  switch (team.kind) {
    case 'none':
      return t('report_team_none');
    case 'same':
      return t('report_team_same', team.team);
    case 'mapped':
      return t('report_team_mapped', team.code, team.team);
    case 'unfit':
      return t('report_team_unfit', team.code);
  }
}

function queueLine(item: ReportQueueView, t: ReturnType<typeof translator>, lang: 'fr' | 'en'): string {
  switch (item.status) {
    case 'pending':
      return t(
        'report_status_pending',
        item.report.week,
        new Date(item.nextAttemptAt).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }),
      );
    case 'sent':
      return t('report_status_sent', item.report.week, item.sentWeek ?? '');
    case 'rejected':
      return t('report_status_rejected', item.report.week);
    case 'expired':
      return t('report_status_expired', item.report.week);
  }
}
