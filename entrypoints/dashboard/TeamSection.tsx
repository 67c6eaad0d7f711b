/*
 * Dashboard, "Mon équipe": the ambassador's team summary, fetched by the background from the DSI's collector with
 * the team token (lib/report/background.ts, message teamSummary). The collector never returns a figure computed
 * from fewer than 5 reports; such a cell reads "fewer than 5". Nothing is shown to people who report without a
 * team token, except a hint to ambassadors on where to enter theirs.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { TeamSummary } from '../../components/TeamSummary';
import { langOf } from '../../lib/format';
import { translator, type MessageKey } from '../../lib/i18n';
import { sendMessage } from '../../lib/messaging/protocol';
import type { TeamSummaryResult } from '../../lib/report/types';
import { loadSettings } from '../../lib/settings/store';
import { tips } from '../../lib/tips/catalogue';

const FAILURE_KEYS: Record<Extract<TeamSummaryResult, { kind: 'failed' }>['reason'], MessageKey> = {
  network: 'team_failed_network',
  unauthorized: 'team_failed_unauthorized',
  forbidden: 'team_failed_forbidden',
  server: 'team_failed_server',
  'invalid-answer': 'team_failed_invalid',
};

export function TeamSection() {
  const lang = langOf(browser.i18n.getUILanguage());
  const t = translator(lang);
  const tipTitles = useMemo(() => Object.fromEntries(tips.map((tip) => [tip.id, tip.title[lang]])), [lang]);
  const numberFormat = useMemo(() => new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB'), [lang]);
  const [result, setResult] = useState<TeamSummaryResult | null | undefined>(undefined);
  const [role, setRole] = useState<string | undefined>(undefined);

  const load = () => {
    setResult(undefined);
    sendMessage('teamSummary', undefined).then(setResult, () => setResult({ kind: 'failed', reason: 'network' }));
  };

  useEffect(() => {
    load();
    loadSettings().then(
      ({ settings }) => setRole(settings.role),
      () => setRole(undefined),
    );
  }, []);

  // Refused (not an extension page) or no collector at all: this section has nothing to say.
  if (result === null || (result?.kind === 'unavailable' && result.reason === 'not-configured')) return null;
  // Without a team token, only ambassadors are told where to enter one.
  if (result?.kind === 'unavailable' && result.reason === 'no-token' && role !== 'ambassador') return null;

  return (
    <section aria-labelledby="team-heading" data-testid="team-section">
      <h2 id="team-heading">{t('team_heading')}</h2>
      {result === undefined && <p role="status">{t('team_loading')}</p>}
      {result?.kind === 'unavailable' && <p>{t(result.reason === 'no-team' ? 'team_noTeam' : 'team_noToken')}</p>}
      {result?.kind === 'failed' && (
        <>
          <p role="alert" data-testid="team-failed">
            {t(FAILURE_KEYS[result.reason])}
          </p>
          <button type="button" onClick={load}>
            {t('team_retry')}
          </button>
        </>
      )}
      {result?.kind === 'ok' && <TeamSummary summary={result.summary} t={t} tipTitles={tipTitles} formatNumber={(n) => numberFormat.format(n)} />}
    </section>
  );
}
