/*
 * One good-practice tip as the popup (and the guide's tip of the day) shows it: what to do, why it is suggested
 * to this person now, the strategy actions it serves, and three answers. Presentational: the page passes the
 * tip and receives the answer. Test contract (kept stable): data-testid="tip", data-tip-id, data-actions
 * (comma-separated action numbers), data-answer (the answer shown as chosen, empty when none).
 */
import { formatBytes, formatNumber, formatPercent, type Lang } from '../lib/format';
import type { Translate } from '../lib/i18n';
import type { Answer } from '../lib/tips/engine';
import type { TipCardData } from '../lib/tips/messages';
import type { SavingEstimate, SignalUnit } from '../lib/tips/types';

export interface TipCardProps {
  card: TipCardData;
  /** The person's answer to this tip, if any (it stays changeable). */
  answer: Answer | null;
  onAnswer: (answer: Answer | null) => void;
  /** Address of the guide page; an action number links to its text there. */
  guideUrl: string;
  /** The heading level of the card's title in its page. */
  headingLevel?: 2 | 3;
  heading: string;
  lang: Lang;
  t: Translate;
}

const ANSWER_KEYS = {
  adopted: 'tips_answerAdopted',
  already: 'tips_answerAlready',
  'not-for-me': 'tips_answerNotForMe',
} as const;

const CONFIRM_KEYS = {
  adopted: 'tips_confirmAdopted',
  already: 'tips_confirmAlready',
  'not-for-me': 'tips_confirmNotForMe',
} as const;

/** A signal's value in words for "Pourquoi ce conseil ?": 45 %, 75 min, 12, 3,2 Mo. */
export function formatSignal(value: number, unit: SignalUnit, lang: Lang): string {
  switch (unit) {
    case 'ratio':
      return formatPercent(value, lang);
    case 'min':
      return `${formatNumber(Math.round(value), lang)}\u00a0min`;
    case 'B':
      return formatBytes(value, lang);
    case 'count':
      return formatNumber(value, lang);
    case 'flag':
      return '';
  }
}

/** The tip's "why" sentence with its signal's value in place of `{value}`. */
export function whyText(card: Pick<TipCardData, 'tip' | 'signal'>, lang: Lang): string {
  const text = card.tip.why[lang];
  return card.signal ? text.replaceAll('{value}', formatSignal(card.signal.value, card.signal.unit, lang)) : text;
}

/** The estimated saving for today's signals, e.g. "1,53 Go" or "2,1 Wh"; empty when the tip states none. */
export function savingText(saving: SavingEstimate | undefined, lang: Lang): string {
  if (!saving || saving.value <= 0) return '';
  if (saving.quantity === 'bytes_saved') return formatBytes(saving.value, lang);
  return `${formatNumber(saving.value, lang, saving.value < 10 ? 1 : 0)}\u00a0Wh`;
}

export function TipCard({ card, answer, onAnswer, guideUrl, headingLevel = 2, heading, lang, t }: TipCardProps) {
  const { tip } = card;
  const titleId = `tip-title-${tip.id}`;
  const Title = headingLevel === 2 ? 'h3' : 'h4';
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const saving = savingText(card.saving, lang);
  return (
    <section
      class="tip"
      aria-labelledby={titleId}
      data-testid="tip"
      data-tip-id={tip.id}
      data-actions={tip.actions.join(',')}
      data-answer={answer ?? ''}
    >
      <Heading class="tip-heading">{heading}</Heading>
      <Title id={titleId} class="tip-title">
        {tip.title[lang]}
      </Title>
      <p>{tip.body[lang]}</p>
      <details class="tip-why">
        <summary>{t('tips_why')}</summary>
        <p data-testid="tip-why">{whyText(card, lang)}</p>
        {tip.saving && <p>{tip.saving.description[lang]}</p>}
        {saving && <p>{t('tips_savingToday', saving)}</p>}
      </details>
      <p class="tip-serves">{t('tips_serves')}</p>
      <ul class="tip-action-list">
        {card.actions.map((action) => (
          <li key={action.number}>
            <a href={`${guideUrl}#action-${action.number}`} target="_blank" rel="noopener">
              {t('tips_actionNumber', action.number)}
            </a>{' '}
            <span class="hint">{action.text[lang]}</span>
          </li>
        ))}
      </ul>
      <AnswerButtons tipId={tip.id} answer={answer} onAnswer={onAnswer} t={t} />
    </section>
  );
}

export interface AnswerButtonsProps {
  tipId: string;
  answer: Answer | null;
  onAnswer: (answer: Answer | null) => void;
  t: Translate;
}

/**
 * The three answers as toggle buttons (aria-pressed): pressing the chosen one again withdraws it, so every choice
 * can be changed. The confirmation is announced politely to screen readers.
 */
export function AnswerButtons({ tipId, answer, onAnswer, t }: AnswerButtonsProps) {
  return (
    <div class="tip-answers">
      <div role="group" aria-label={t('tips_answerGroup')} class="tip-buttons">
        {(Object.keys(ANSWER_KEYS) as Answer[]).map((choice) => (
          <button
            key={choice}
            type="button"
            aria-pressed={answer === choice ? 'true' : 'false'}
            data-answer-choice={choice}
            data-tip={tipId}
            onClick={() => onAnswer(answer === choice ? null : choice)}
          >
            {t(ANSWER_KEYS[choice])}
          </button>
        ))}
      </div>
      <p role="status" class="hint tip-status">
        {answer ? `${t(CONFIRM_KEYS[answer])} ${t('tips_changeHint')}` : ''}
      </p>
    </div>
  );
}
