import type { Translate } from '../lib/i18n';

/** Where the weekly anonymous report stands for this install: sent, configured but not sent, or no collector. */
export type ReportNoticeState = { kind: 'active'; collectorUrl: string } | { kind: 'off' } | { kind: 'none' };

/**
 * The onboarding's word on the weekly report, so that a person whose organisation configured a collector learns at
 * install what leaves the browser (Firefox asks an extension installed by policy to disclose it itself). Nothing is
 * shown without a collector: then nothing leaves the device, as the page already says.
 */
export function ReportNotice({ state, optionsHref, t }: { state: ReportNoticeState; optionsHref: string; t: Translate }) {
  if (state.kind === 'none') return null;
  return (
    <p data-testid="onboarding-report" data-value={state.kind}>
      {state.kind === 'active' ? t('onboarding_reportActive', state.collectorUrl) : t('onboarding_reportOff')}{' '}
      <a href={optionsHref}>{t('onboarding_reportLink')}</a>
    </p>
  );
}
