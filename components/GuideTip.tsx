/*
 * One tip in the good-practice guide: title, body, audiences, the actions it serves (links to their text further
 * down the guide), its references by identifier, and the person's answer (changeable). Presentational.
 */
import type { Lang } from '../lib/format';
import type { Translate } from '../lib/i18n';
import type { Answer } from '../lib/tips/engine';
import type { Audience, Tip, TipReference } from '../lib/tips/types';
import { AnswerButtons } from './TipCard';

export const AUDIENCE_KEYS = {
  agent: 'guide_audienceAgent',
  elected: 'guide_audienceElected',
  ambassador: 'guide_audienceAmbassador',
  webmaster: 'guide_audienceWebmaster',
} as const satisfies Record<Audience, string>;

function referenceLabel(reference: TipReference, t: Translate): string {
  if (reference.kind === 'rgesn-2024') return t('guide_refRgesn', reference.id);
  if (reference.kind === 'greenit-115') return t('guide_refGreenit', reference.id);
  return reference.id;
}

export interface GuideTipProps {
  tip: Tip;
  answer: Answer | null;
  onAnswer: (answer: Answer | null) => void;
  lang: Lang;
  t: Translate;
}

export function GuideTip({ tip, answer, onAnswer, lang, t }: GuideTipProps) {
  const titleId = `guide-tip-${tip.id}`;
  return (
    <article class="guide-tip" id={`tip-${tip.id}`} aria-labelledby={titleId} data-testid="guide-tip" data-tip-id={tip.id} data-answer={answer ?? ''}>
      <h3 id={titleId}>{tip.title[lang]}</h3>
      <p>{tip.body[lang]}</p>
      <p class="hint">
        {t('guide_forAudiences')} {tip.audiences.map((a) => t(AUDIENCE_KEYS[a])).join(', ')}
      </p>
      <p class="hint">
        {t('tips_serves')}{' '}
        {tip.actions.map((number, i) => (
          <>
            {i > 0 && ', '}
            <a key={number} href={`#action-${number}`} data-action-link={number}>
              {t('tips_actionNumber', number)}
            </a>
          </>
        ))}
      </p>
      {tip.references.length > 0 && (
        <p class="hint">
          {t('guide_references')} {tip.references.map((r) => referenceLabel(r, t)).join(' ; ')}
        </p>
      )}
      <AnswerButtons tipId={tip.id} answer={answer} onAnswer={onAnswer} t={t} />
    </article>
  );
}
