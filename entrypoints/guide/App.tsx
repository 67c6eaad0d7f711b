/*
 * The good-practice guide (actions 01 and 05 of the strategy): every tip grouped by the strategy's axes,
 * searchable and filterable by audience, each tip linking to the text of the actions it serves; the elected
 * officials' charter with its acknowledgement; the tip of the day. Opening the guide, acknowledging the charter
 * and answering tips go through the background, which counts them per ISO week (lib/tips/state.ts).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { GuideCharter } from '../../components/GuideCharter';
import { AUDIENCE_KEYS, GuideTip } from '../../components/GuideTip';
import { TipCard } from '../../components/TipCard';
import { langOf, type Lang } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { sendMessage } from '../../lib/messaging/protocol';
import type { Role } from '../../lib/settings';
import { loadLang, loadSettings } from '../../lib/settings/store';
import { AUDIENCES, tips } from '../../lib/tips/catalogue';
import type { Answer } from '../../lib/tips/engine';
import { guideAxes } from '../../lib/tips/guide';
import type { TipCardData, TipStateView } from '../../lib/tips/messages';
import type { Audience } from '../../lib/tips/types';

export function App() {
  const [lang, setLang] = useState<Lang>(langOf(browser.i18n.getUILanguage()));
  const t = translator(lang);
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [state, setState] = useState<TipStateView | null>(null);
  const [tipOfDay, setTipOfDay] = useState<TipCardData | null>(null);
  const [query, setQuery] = useState('');
  const [audience, setAudience] = useState<Audience | 'all'>('all');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    void loadLang().then(setLang);
    void loadSettings().then(({ settings }) => setRole(settings.role), () => setRole('agent'));
    // Counted once per opening of the page (per ISO week in the counters).
    sendMessage('guideOpened', undefined).then(setState, () => setFailed(true));
    sendMessage('tipOfTheDay', undefined).then(setTipOfDay, () => setTipOfDay(null));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('guide_title')} – Empreinte`;
  }, [lang]);

  const axes = useMemo(() => guideAxes(tips, { query, audience }), [query, audience]);
  const shown = axes.reduce((n, a) => n + a.tips.length, 0);

  const answer = (tipId: string) => (next: Answer | null) => {
    sendMessage('answerTip', { tipId, answer: next }).then(
      (view) => (view ? setState(view) : setFailed(true)),
      () => setFailed(true),
    );
  };
  const acknowledge = () => {
    sendMessage('acknowledgeCharter', undefined).then(
      (view) => (view ? setState(view) : setFailed(true)),
      () => setFailed(true),
    );
  };
  const answerOf = (tipId: string): Answer | null => state?.answers[tipId] ?? null;

  return (
    <main class="page guide">
      <h1>{t('guide_title')}</h1>
      <p>{t('guide_intro')}</p>
      {failed && <p role="alert">{t('tips_answerFailed')}</p>}

      {tipOfDay && (
        <TipCard
          card={tipOfDay}
          answer={answerOf(tipOfDay.tipId)}
          onAnswer={answer(tipOfDay.tipId)}
          guideUrl=""
          heading={t('guide_tipOfTheDay')}
          lang={lang}
          t={t}
        />
      )}

      {(role === 'elected' || audience === 'elected') && (
        <GuideCharter acknowledged={state?.charterAcknowledged ?? false} onAcknowledge={acknowledge} t={t} />
      )}

      <form role="search" class="guide-filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="guide-search">{t('guide_search')}</label>
          <input id="guide-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </div>
        <div>
          <label for="guide-audience">{t('guide_audience')}</label>
          <select id="guide-audience" value={audience} onChange={(e) => setAudience(e.currentTarget.value as Audience | 'all')}>
            <option value="all">{t('guide_audienceAll')}</option>
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {t(AUDIENCE_KEYS[a])}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p role="status" data-testid="guide-count" data-value={String(shown)}>
        {t('guide_count', shown, tips.length)}
      </p>

      {axes.map(({ axis, tips: axisTips, seeAlso }) => (
        <section key={axis.number} id={`axis-${axis.number}`} aria-labelledby={`axis-title-${axis.number}`} data-testid="guide-axis" data-axis={String(axis.number)}>
          <h2 id={`axis-title-${axis.number}`}>{t('guide_axis', axis.number, axis.title[lang])}</h2>
          {axisTips.length === 0 && seeAlso.length === 0 && <p class="hint">{t('guide_noTip')}</p>}
          {axisTips.map((tip) => (
            <GuideTip key={tip.id} tip={tip} answer={answerOf(tip.id)} onAnswer={answer(tip.id)} lang={lang} t={t} />
          ))}
          {seeAlso.length > 0 && (
            <>
              <h3>{t('guide_seeAlso')}</h3>
              <ul>
                {seeAlso.map((tip) => (
                  <li key={tip.id}>
                    <a href={`#tip-${tip.id}`} data-see-also={tip.id}>
                      {tip.title[lang]}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('guide_axisActions')}</h3>
          <ul class="guide-actions">
            {axis.groups.flatMap((group) =>
              group.actions.map((action) => (
                <li key={action.number} id={`action-${action.number}`} data-action={action.number}>
                  <strong>{action.number}</strong> {action.text[lang]}
                  {action.subactions.length > 0 && (
                    <ul>
                      {action.subactions.map((sub) => (
                        <li key={sub.number} id={`action-${sub.number}`} data-action={sub.number}>
                          <strong>{sub.number}</strong> {sub.text[lang]}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              )),
            )}
          </ul>
        </section>
      ))}
    </main>
  );
}
