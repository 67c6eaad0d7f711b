/*
 * The popup's tip: asked once when the popup opens (not on every refresh of the figures, so the tip does not
 * change under the person's eyes), answered through the background, which alone writes the tip state.
 */
import { useEffect, useState } from 'preact/hooks';
import { TipCard } from '../../components/TipCard';
import type { Lang } from '../../lib/format';
import type { Translate } from '../../lib/i18n';
import { sendMessage } from '../../lib/messaging/protocol';
import type { Answer } from '../../lib/tips/engine';
import type { TipCardData } from '../../lib/tips/messages';

export function TipSection({ tabId, lang, t }: { tabId: number; lang: Lang; t: Translate }) {
  const [card, setCard] = useState<TipCardData | null | undefined>(undefined);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    let stopped = false;
    sendMessage('getTip', tabId)
      .then((next) => !stopped && setCard(next))
      .catch(() => !stopped && setCard(null));
    return () => {
      stopped = true;
    };
  }, [tabId]);

  if (!card) return null;
  const onAnswer = (next: Answer | null) => {
    setError(false);
    sendMessage('answerTip', { tipId: card.tipId, answer: next })
      .then((state) => {
        if (!state) throw new Error('answer refused');
        setAnswer(state.answers[card.tipId] ?? null);
      })
      .catch(() => setError(true));
  };
  return (
    <>
      <TipCard card={card} answer={answer} onAnswer={onAnswer} guideUrl="/guide.html" heading={t('tips_heading')} lang={lang} t={t} />
      {error && <p role="alert">{t('tips_answerFailed')}</p>}
    </>
  );
}
