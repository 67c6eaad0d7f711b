/*
 * The elected officials' charter of responsible digital use (action 05 of the strategy), with its
 * acknowledgement. The commitments are our summary of the strategy's actions, stated as such on the page: the
 * text that binds is the one the Métropole adopts. Presentational.
 */
import type { Translate } from '../lib/i18n';

const COMMITMENTS = [
  'guide_charter1',
  'guide_charter2',
  'guide_charter3',
  'guide_charter4',
  'guide_charter5',
  'guide_charter6',
] as const;

export interface GuideCharterProps {
  acknowledged: boolean;
  onAcknowledge: () => void;
  t: Translate;
}

export function GuideCharter({ acknowledged, onAcknowledge, t }: GuideCharterProps) {
  return (
    <section class="charter" aria-labelledby="charter-title" data-testid="charter" data-acknowledged={acknowledged ? 'true' : 'false'}>
      <h2 id="charter-title">{t('guide_charterTitle')}</h2>
      <p>{t('guide_charterIntro')}</p>
      <ol>
        {COMMITMENTS.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ol>
      <p class="hint">{t('guide_charterNote')}</p>
      {acknowledged ? (
        <p role="status">{t('guide_charterDone')}</p>
      ) : (
        <button type="button" onClick={onAcknowledge}>
          {t('guide_charterAcknowledge')}
        </button>
      )}
    </section>
  );
}
