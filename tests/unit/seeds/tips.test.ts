/*
 * Guards seeds/tips.json against typos and drift. The allowed signals, their units, the audiences and the
 * subjects the catalogue must cover are written out here, independently of lib/tips: if the seed or the
 * library renames a signal, drops a subject or cites an action the strategy does not have, a test fails.
 * Each schema rule that matters is also tried on a deliberately broken copy, so a schema that silently
 * stopped checking would fail too.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../../lib/tips/catalogue';
import type { Tip, TipsSeed } from '../../../lib/tips/types';

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as T;
}

const seed = readJson<TipsSeed>('../../../seeds/tips.json');
const schema = readJson<object>('../../../seeds/tips.schema.json');
const strategy = readJson<{
  axes: { groups: { actions: { number: string; subactions: { number: string }[] }[] }[] }[];
}>('../../../seeds/strategy.json');

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);
const tipList: readonly Tip[] = seed.tips;

/** The signal list agreed with the signal computer, with each signal's unit. */
const SIGNAL_UNITS: Record<string, string> = {
  video_bytes_share: 'ratio',
  video_minutes_day: 'min',
  visio_minutes_day: 'min',
  genai_visits_day: 'count',
  page_bytes: 'B',
  open_tabs: 'count',
  autoplay_media: 'count',
  third_party_bytes_share: 'ratio',
  trackers_on_page: 'count',
  http_page: 'flag',
  download_bytes: 'B',
  oversized_images_bytes: 'B',
  uncompressed_text_bytes: 'B',
  uncacheable_static_count: 'count',
  font_files: 'count',
  third_party_domains: 'count',
  cloud_storage_visits_day: 'count',
  webmail_visits_day: 'count',
};
const AUDIENCES = ['agent', 'elected', 'ambassador', 'webmaster'];

/*
 * RGESN 2024 criteria per family (1 Stratégie … 8 Hébergement). Family 9 (algorithmie) is left out on
 * purpose: we have not checked its numbering against the published text, so no tip may cite it yet.
 */
const RGESN_2024_FAMILY_SIZES: Record<number, number> = { 1: 10, 2: 10, 3: 7, 4: 15, 5: 8, 6: 7, 7: 4, 8: 10 };

/**
 * Ids already shipped. People's tip history stores them: a rename or removal would orphan their choices,
 * so this list only ever grows.
 */
const SHIPPED_IDS = [
  'video-quality', 'video-audio-only', 'video-autoplay-next', 'autoplay-block-browser', 'visio-camera',
  'visio-audio-call', 'open-tabs', 'heavy-page-light-version', 'download-large', 'cloud-selective-sync',
  'webmail-link-not-attachment', 'webmail-light-attachments', 'webmail-unsubscribe', 'genai-search-first',
  'genai-concise-prompts', 'genai-right-tool', 'genai-no-personal-data', 'device-lifetime', 'device-upgrade',
  'device-repair', 'device-byod-phone', 'device-return-unused', 'device-battery-care', 'device-refurbished',
  'device-power-settings', 'data-delete-obsolete', 'data-retention-periods', 'data-collect-minimum',
  'data-single-copy', 'data-open-data', 'security-http-page', 'security-trackers-consent',
  'security-browser-protection', 'security-updates', 'security-password-manager', 'security-check-address',
  'sovereignty-tools', 'sovereignty-visio', 'sovereignty-cloud-storage', 'accessibility-documents',
  'accessibility-video-captions', 'accessibility-page-structure', 'eco-heavy-page', 'eco-oversized-images',
  'eco-image-formats', 'eco-uncompressed-text', 'eco-cache-headers', 'eco-fonts', 'eco-third-parties',
  'eco-autoplay', 'eco-lazy-loading', 'eco-video-publishing', 'eco-audience-measurement', 'eco-https',
  'citizen-file-weight', 'ambassador-share-tip', 'ambassador-team-progress', 'elected-charter',
  'elected-awareness-session', 'agent-training',
];

const strategyNumbers = new Set(
  strategy.axes.flatMap((axis) =>
    axis.groups.flatMap((group) =>
      group.actions.flatMap((action) => [action.number, ...action.subactions.map((sub) => sub.number)]),
    ),
  ),
);

const signalOf = (tip: Tip): string => tip.trigger.signal;
const cites = (tip: Tip, ...numbers: string[]): boolean => numbers.some((n) => tip.actions.includes(n as never));
const forWebmasters = (tip: Tip): boolean => tip.audiences.includes('webmaster');
const forEveryone = (tip: Tip): boolean => tip.audiences.includes('agent') || tip.audiences.includes('elected');

/** Each subject the issue asks the catalogue to cover, as a predicate on tips. */
const SUBJECTS: Record<string, (tip: Tip) => boolean> = {
  'browsing: video quality': (t) => signalOf(t) === 'video_bytes_share' && forEveryone(t),
  'browsing: autoplay': (t) => signalOf(t) === 'autoplay_media' && forEveryone(t),
  'browsing: visio camera': (t) => signalOf(t) === 'visio_minutes_day' && t.saving !== null,
  'browsing: open tabs': (t) => signalOf(t) === 'open_tabs',
  'browsing: heavy pages': (t) => signalOf(t) === 'page_bytes' && forEveryone(t),
  'browsing: downloads': (t) => signalOf(t) === 'download_bytes',
  'browsing: cloud storage and sync': (t) => signalOf(t) === 'cloud_storage_visits_day' && cites(t, '39'),
  'browsing: webmail attachments vs links': (t) => signalOf(t) === 'webmail_visits_day' && cites(t, '39'),
  'browsing: generative AI vs a search': (t) => signalOf(t) === 'genai_visits_day' && cites(t, '40') && t.saving !== null,
  'devices: reduce their number (34)': (t) => cites(t, '34'),
  'devices: BYOD (35)': (t) => cites(t, '35'),
  'devices: lifetime (36)': (t) => cites(t, '36'),
  'devices: repair and upgrade (36.1, 21)': (t) => cites(t, '36.1') || cites(t, '21'),
  'data: collect only what is needed (38)': (t) => cites(t, '38'),
  'data: retention and deletion (39)': (t) => cites(t, '39') && signalOf(t) === 'general',
  'security: plain HTTP pages (26-27)': (t) => signalOf(t) === 'http_page' && cites(t, '26', '27') && forEveryone(t),
  'security: third-party trackers (26-27)': (t) => signalOf(t) === 'trackers_on_page' && cites(t, '26', '27'),
  'sovereignty (25)': (t) => cites(t, '25'),
  'accessibility (12)': (t) => cites(t, '12'),
  'webmaster: oversized images (37)': (t) => signalOf(t) === 'oversized_images_bytes' && cites(t, '37') && forWebmasters(t),
  'webmaster: uncompressed text (37)': (t) => signalOf(t) === 'uncompressed_text_bytes' && cites(t, '37') && forWebmasters(t),
  'webmaster: missing cache headers (37)': (t) => signalOf(t) === 'uncacheable_static_count' && cites(t, '37') && forWebmasters(t),
  'webmaster: too many fonts (37)': (t) => signalOf(t) === 'font_files' && cites(t, '37') && forWebmasters(t),
  'webmaster: too many third parties (37)': (t) => signalOf(t) === 'third_party_domains' && cites(t, '37') && forWebmasters(t),
  'webmaster: heavy page (37)': (t) => signalOf(t) === 'page_bytes' && cites(t, '37') && forWebmasters(t),
};

function brokenCopy(mutate: (tip: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(seed) as unknown as { tips: Record<string, unknown>[] };
  const first = copy.tips[0];
  if (!first) throw new Error('seed has no tips');
  mutate(first);
  return copy;
}

describe('seeds/tips.json', () => {
  it('validates against seeds/tips.schema.json', () => {
    const ok = validate(seed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['an unknown property', (t: Record<string, unknown>) => void (t.extra = 1)],
    ['an unknown signal', (t: Record<string, unknown>) => void (t.trigger = { signal: 'cpu_load', threshold: 1, unit: 'count' })],
    ['a signal with the wrong unit', (t: Record<string, unknown>) => void (t.trigger = { signal: 'page_bytes', threshold: 1, unit: 'count' })],
    ['a ratio above 1', (t: Record<string, unknown>) => void (t.trigger = { signal: 'video_bytes_share', threshold: 40, unit: 'ratio' })],
    ['an unknown audience', (t: Record<string, unknown>) => void (t.audiences = ['citizen'])],
    ['an action written without its leading zero', (t: Record<string, unknown>) => void (t.actions = ['1'])],
    ['a body over 300 characters', (t: Record<string, unknown>) => void (t.body = { fr: 'a'.repeat(301), en: 'b' })],
    ['a missing English text', (t: Record<string, unknown>) => void (t.title = { fr: 'Titre' })],
    ['a Green IT practice number above 115', (t: Record<string, unknown>) => void (t.references = [{ kind: 'greenit-115', id: '116' }])],
    ['a formula for an unknown quantity', (t: Record<string, unknown>) =>
      void (t.saving = { description: { fr: 'a', en: 'b' }, formula: 'co2_saved = 1', factors: [{ name: 'x', value: 1, unit: 'g', source: 'S 2024' }] })],
  ])('the schema rejects %s', (_label, mutate) => {
    expect(validate(brokenCopy(mutate))).toBe(false);
  });

  it('has at least 45 tips with unique, stable ids', () => {
    expect(tipList.length).toBeGreaterThanOrEqual(45);
    const ids = tipList.map((tip) => tip.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of SHIPPED_IDS) expect(ids, `shipped tip "${id}" was renamed or removed`).toContain(id);
  });

  it('cites only actions that exist in seeds/strategy.json', () => {
    expect(strategyNumbers.size).toBeGreaterThanOrEqual(60); // the strategy seed itself is present and complete
    for (const tip of tipList) {
      for (const action of tip.actions) expect(strategyNumbers, `${tip.id} cites ${action}`).toContain(action);
    }
  });

  it('uses only the agreed signals, each with its own unit', () => {
    for (const tip of tipList) {
      if (tip.trigger.signal === 'general') {
        expect(Object.keys(tip.trigger)).toEqual(['signal']);
        continue;
      }
      expect(Object.keys(SIGNAL_UNITS), tip.id).toContain(tip.trigger.signal);
      expect(tip.trigger.unit, tip.id).toBe(SIGNAL_UNITS[tip.trigger.signal]);
      expect(tip.trigger.threshold, tip.id).toBeGreaterThan(0);
    }
  });

  it('gives every signal at least one tip, so no measurement goes unused', () => {
    const used = new Set(tipList.map(signalOf));
    for (const signal of Object.keys(SIGNAL_UNITS)) expect(used, signal).toContain(signal);
  });

  it('addresses only the four audiences, and each audience gets several tips', () => {
    for (const tip of tipList) {
      expect(tip.audiences.length).toBeGreaterThan(0);
      for (const audience of tip.audiences) expect(AUDIENCES, tip.id).toContain(audience);
    }
    for (const audience of AUDIENCES) {
      expect(tipList.filter((tip) => tip.audiences.includes(audience as never)).length, audience).toBeGreaterThanOrEqual(5);
    }
  });

  it('has French and English for every text, non-empty, and different for title and body', () => {
    for (const tip of tipList) {
      const texts = [tip.title, tip.body, tip.why, ...(tip.saving ? [tip.saving.description] : [])];
      for (const text of texts) {
        expect(text.fr.trim().length, tip.id).toBeGreaterThan(0);
        expect(text.en.trim().length, tip.id).toBeGreaterThan(0);
      }
      expect(tip.title.fr, tip.id).not.toBe(tip.title.en);
      expect(tip.body.fr, tip.id).not.toBe(tip.body.en);
    }
  });

  it('keeps bodies short: at most 300 characters and 3 sentences', () => {
    for (const tip of tipList) {
      for (const text of [tip.body.fr, tip.body.en]) {
        expect(text.length, tip.id).toBeLessThanOrEqual(300);
        // A sentence ends with . ! or ? followed by a space or the end; "2,9 Wh" and "https://" do not count.
        expect(text.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length, tip.id).toBeLessThanOrEqual(3);
      }
    }
  });

  it('uses {value} only in "why" texts of signal tips, the same way in both languages', () => {
    for (const tip of tipList) {
      const placeholders = (s: string): string[] => s.match(/\{[^}]*\}/g) ?? [];
      for (const text of [tip.title, tip.body]) expect([...placeholders(text.fr), ...placeholders(text.en)], tip.id).toEqual([]);
      expect(placeholders(tip.why.fr), tip.id).toEqual(placeholders(tip.why.en));
      for (const p of placeholders(tip.why.fr)) expect(p, tip.id).toBe('{value}');
      if (tip.trigger.signal === 'general') expect(placeholders(tip.why.fr), tip.id).toEqual([]);
    }
  });

  it('covers every subject the issue asks for', () => {
    for (const [subject, matches] of Object.entries(SUBJECTS)) {
      expect(tipList.filter(matches).map((tip) => tip.id), subject).not.toEqual([]);
    }
  });

  it('gives every saving factor a source naming a year, and uses every factor in its formula', () => {
    const withSaving = tipList.filter((tip) => tip.saving !== null);
    expect(withSaving.length).toBeGreaterThanOrEqual(3);
    for (const tip of withSaving) {
      const saving = tip.saving!;
      expect(saving.factors.length, tip.id).toBeGreaterThan(0);
      const parsed = parseFormula(saving.formula);
      const names = saving.factors.map((factor) => factor.name);
      expect(new Set(names).size, tip.id).toBe(names.length);
      for (const factor of saving.factors) {
        expect(factor.source.trim(), tip.id).not.toBe('');
        expect(factor.source, `${tip.id}: ${factor.name}`).toMatch(/\b(?:19|20)\d{2}\b/);
        expect(factor.value, `${tip.id}: ${factor.name}`).toBeGreaterThan(0);
        expect(parsed.variables, `${tip.id}: unused factor ${factor.name}`).toContain(factor.name);
      }
      for (const variable of parsed.variables) {
        const known = names.includes(variable) || variable in SIGNAL_UNITS;
        expect(known, `${tip.id}: unknown variable ${variable}`).toBe(true);
      }
    }
  });

  it('cites RGESN 2024 criteria that exist and Green IT practices by number', () => {
    for (const tip of tipList) {
      for (const reference of tip.references) {
        if (reference.kind === 'rgesn-2024') {
          const [family, criterion] = reference.id.split('.').map(Number);
          const size = RGESN_2024_FAMILY_SIZES[family ?? 0];
          expect(size, `${tip.id}: RGESN family of ${reference.id}`).toBeDefined();
          expect(criterion, `${tip.id}: RGESN ${reference.id}`).toBeLessThanOrEqual(size ?? 0);
        } else if (reference.kind === 'greenit-115') {
          expect(Number(reference.id), tip.id).toBeGreaterThanOrEqual(1);
          expect(Number(reference.id), tip.id).toBeLessThanOrEqual(115);
        } else {
          // Publications are named with their year, never quoted.
          expect(reference.id, tip.id).toMatch(/\b(?:19|20)\d{2}\b/);
        }
      }
    }
  });
});
