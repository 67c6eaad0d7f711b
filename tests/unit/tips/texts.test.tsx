/*
 * The tips' texts: every interface key the tips, guide and onboarding pages use exists, non-empty, in French and
 * in English (a missing translation fails here, not on someone's screen), every tip reads in both languages, and
 * the popup's tip card keeps its test contract.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import fr from '../../../public/_locales/fr/messages.json';
import { formatSignal, TipCard, whyText } from '../../../components/TipCard';
import { translator } from '../../../lib/i18n';
import { getTip, tips } from '../../../lib/tips/catalogue';
import { cardOf } from '../../../lib/tips/service';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const UI_FILES = [
  'components/TipCard.tsx',
  'components/GuideTip.tsx',
  'components/GuideCharter.tsx',
  'components/OnboardingForm.tsx',
  'components/ReportNotice.tsx',
  'entrypoints/popup/TipSection.tsx',
  'entrypoints/popup/App.tsx',
  'entrypoints/options/GeneralSection.tsx',
  ...readdirSync(`${root}entrypoints/guide`).filter((f) => f.endsWith('.tsx')).map((f) => `entrypoints/guide/${f}`),
  ...readdirSync(`${root}entrypoints/onboarding`).filter((f) => f.endsWith('.tsx')).map((f) => `entrypoints/onboarding/${f}`),
];

/** Every quoted key of our domains in the source, whether passed to t() directly or kept in a table. */
function keysUsed(): Set<string> {
  const keys = new Set<string>();
  for (const file of UI_FILES) {
    const source = readFileSync(`${root}${file}`, 'utf8');
    for (const m of source.matchAll(/['"`]((?:tips|guide|onboarding|settings)_[A-Za-z0-9]+)['"`]/g)) keys.add(m[1]!);
  }
  return keys;
}

describe('texts', () => {
  it('has every key the tips, guide and onboarding pages use, in French and in English', () => {
    const used = keysUsed();
    expect(used.size).toBeGreaterThan(50);
    const catalogues: Record<string, Record<string, { message: string }>> = { fr, en };
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      for (const key of used) expect(catalogue[key]?.message.trim() ?? '', `${lang}: ${key}`).not.toBe('');
    }
  });

  it('has every tip and its actions in both languages', () => {
    for (const tip of tips) {
      for (const lang of ['fr', 'en'] as const) {
        expect(tip.title[lang].trim(), `${tip.id} title ${lang}`).not.toBe('');
        expect(tip.body[lang].trim(), `${tip.id} body ${lang}`).not.toBe('');
        expect(tip.why[lang].trim(), `${tip.id} why ${lang}`).not.toBe('');
        for (const action of cardOf({ tip }).actions) expect(action.text[lang].trim(), `${tip.id} action ${action.number}`).not.toBe('');
      }
      // A "why" with {value} needs a measured signal to fill it.
      if (tip.trigger.signal === 'general') expect(tip.why.fr + tip.why.en).not.toContain('{value}');
    }
  });
});

describe('the tip card', () => {
  const card = {
    ...cardOf({ tip: getTip('video-quality')! }),
    signal: { id: 'video_bytes_share' as const, value: 0.62, threshold: 0.4, unit: 'ratio' as const },
    saving: { quantity: 'bytes_saved' as const, value: 1.5e9 },
  };

  it('says why in plain words, with the measured value', () => {
    expect(whyText(card, 'fr')).toBe('La vidéo représente 62\u00a0% des données que vous avez échangées aujourd’hui.');
    expect(whyText(card, 'en')).toBe('Video makes up 62% of the data you have transferred today.');
    expect(formatSignal(3_200_000, 'B', 'fr')).toBe('3,20\u00a0Mo');
    expect(formatSignal(75.4, 'min', 'en')).toBe('75\u00a0min');
  });

  it('keeps its test contract and shows the actions and three answers', () => {
    const html = render(<TipCard card={card} answer="adopted" onAnswer={() => {}} guideUrl="/guide.html" heading="Un conseil pour vous" lang="fr" t={translator('fr')} />);
    expect(html).toContain('data-testid="tip"');
    expect(html).toContain('data-tip-id="video-quality"');
    expect(html).toContain('data-actions="01,05"');
    expect(html).toContain('data-answer="adopted"');
    expect(html).toContain('href="/guide.html#action-01"');
    expect(html).toContain('Pourquoi ce conseil ?');
    expect(html).toContain('1,50\u00a0Go');
    for (const label of ['J’adopte', 'Déjà fait', 'Pas pour moi']) expect(html).toContain(label);
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(1);
  });
});

describe('the settings form', () => {
  it('shows the fields a managed policy sets as locked, and the others as editable', async () => {
    const { OnboardingForm } = await import('../../../components/OnboardingForm');
    const { DEFAULT_SETTINGS, normaliseTeamCode } = await import('../../../lib/settings');
    const html = render(
      <OnboardingForm
        settings={{ ...DEFAULT_SETTINGS, role: 'elected', teamCode: 'DSI' }}
        locked={['role', 'grid']}
        countries={[{ code: 'FRA', name: 'France' }]}
        normaliseTeamCode={normaliseTeamCode}
        onSave={async () => {}}
        submitLabel="Enregistrer"
        t={translator('fr')}
      />,
    );
    expect(html).toMatch(/<fieldset[^>]*disabled/);
    expect(html).toMatch(/<select[^>]*id="country"[^>]*disabled|<select[^>]*disabled[^>]*id="country"/);
    expect(html).not.toMatch(/<input[^>]*id="team-code"[^>]*disabled/);
    expect(html.match(/fixé par votre administrateur/g)).toHaveLength(2);
    expect(html).toMatch(/id="role-elected"[^>]*checked|checked[^>]*id="role-elected"/);
  });
});
