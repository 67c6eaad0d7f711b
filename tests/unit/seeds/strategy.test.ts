/*
 * Guards seeds/strategy.json, the Responsible Digital Strategy of Le Mans Métropole (deliberation no. 29 of
 * 3 April 2025), against typos and drift. The tables below were read from the deliberation by hand and are
 * deliberately independent of the seed: if the seed moves an action, drops an indicator or loses a number,
 * the two disagree and a test fails. Each checker is also run on a deliberately broken copy of the seed, so
 * a checker that silently stopped checking would fail too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../../lib/strategy/types';

const seedUrl = new URL('../../../seeds/strategy.json', import.meta.url);
const schemaUrl = new URL('../../../seeds/strategy.schema.json', import.meta.url);
const seedText = readFileSync(fileURLToPath(seedUrl), 'utf8');
const seed = JSON.parse(seedText) as Strategy;
const schema = JSON.parse(readFileSync(fileURLToPath(schemaUrl), 'utf8')) as object;

// ---------------------------------------------------------------------------------------------------------
// Independent tables, read from the deliberation's annex ("Stratégie Numérique Responsable, mars 2025").

const SOURCE =
  'Le Mans Métropole, Conseil communautaire, délibération n° 29 du 3 avril 2025, Schéma Numérique Responsable';

/** First and last action of each axis. */
const AXIS_RANGES: Record<number, readonly [number, number]> = {
  1: [1, 7],
  2: [8, 16],
  3: [17, 24],
  4: [25, 31],
  5: [32, 41],
  6: [42, 52],
  7: [53, 60],
};

/** "5 axes stratégiques", "2 axes transverses". */
const AXIS_KINDS: Record<number, string> = {
  1: 'strategic', 2: 'strategic', 3: 'strategic', 4: 'strategic', 5: 'strategic',
  6: 'transverse', 7: 'transverse',
};

/**
 * Per group: first and last action, and how many indicators the document lists under it. Groups printed
 * over several pages ("[1/3]", "[2/3]", "[3/3]") are one group, as in the table of contents.
 */
const GROUPS: Record<string, { first: number; last: number; indicators: number }> = {
  '1.a': { first: 1, last: 4, indicators: 3 },
  '1.b': { first: 5, last: 6, indicators: 2 },
  '1.c': { first: 7, last: 7, indicators: 1 },
  '2.a': { first: 8, last: 9, indicators: 2 },
  '2.b': { first: 10, last: 13, indicators: 3 },
  '2.c': { first: 14, last: 16, indicators: 2 },
  '3.a': { first: 17, last: 20, indicators: 6 },
  '3.b': { first: 21, last: 24, indicators: 7 },
  '4.a': { first: 25, last: 25, indicators: 1 },
  '4.b': { first: 26, last: 28, indicators: 3 },
  '4.c': { first: 29, last: 31, indicators: 2 },
  '5.a': { first: 32, last: 33, indicators: 3 },
  '5.b': { first: 34, last: 36, indicators: 3 },
  '5.c': { first: 37, last: 37, indicators: 2 },
  '5.d': { first: 38, last: 41, indicators: 2 },
  '6.a': { first: 42, last: 45, indicators: 2 },
  '6.b': { first: 46, last: 46, indicators: 1 },
  '6.c': { first: 47, last: 49, indicators: 2 },
  '6.d': { first: 50, last: 52, indicators: 2 },
  '7.a': { first: 53, last: 53, indicators: 1 },
  '7.b': { first: 54, last: 55, indicators: 0 },
  '7.c': { first: 56, last: 57, indicators: 1 },
  '7.d': { first: 58, last: 60, indicators: 2 },
};

const SUBACTIONS = [
  '17.1', '17.2', '18.1', '18.2', '18.3', '18.4', '24.1', '24.2', '24.3', '32.1', '33.1', '36.1', '37.1',
];

/**
 * Texts allowed to read the same in French and English: proper nouns or acronyms only. None today; add
 * one here, with the reason, rather than weakening the check.
 */
const SAME_IN_BOTH_LANGUAGES: ReadonlySet<string> = new Set<string>();

/*
 * Councillors named in the deliberation's attendance and vote lists, plus the photo credit: none may
 * appear in the seed. The project rule is that no person's name goes into any file we write, this test
 * included, so the list holds SHA-256 fingerprints (first 16 hex digits) of a few surnames, normalised by
 * `normalise` below (accents stripped, upper case; two-word surnames as "WORD WORD"), not the names.
 * The check hashes every word and every pair of adjacent words of the seed and looks them up.
 */
const BANNED_NAME_FINGERPRINTS: ReadonlySet<string> = new Set([
  'd02a008c5abc8d16', 'd88ebf0530044fa5', '77d9a287edef49eb', '29b6629efb2ef097',
  'ae0bd16d3788c23a', 'b4f6345bccd4742c', 'bd9475bc2143686d', '2a96c9b43db6f335',
  '889b3be0b20cd19e', '7708627e7307c359', '593fb479e17dbf99', '803ccee2c3a46846',
  '2f45304e50e0509e', 'b9abe414664aecb8', '545604e3ae63bfb3', '9235d186d157a0dc',
]);
/** Fingerprint of "EMPREINTE", computed the same way outside the test: proves the hashing matches. */
const CANARY_FINGERPRINT = '903c7b0a4321613b';

// ---------------------------------------------------------------------------------------------------------
// Checkers: each returns a list of human-readable problems, empty when the seed is sound.

const pad = (n: number): string => String(n).padStart(2, '0');

function actionsInOrder(s: Strategy) {
  return s.axes.flatMap((axis) =>
    axis.groups.flatMap((group) => group.actions.map((action) => ({ axis, group, action }))),
  );
}

function numberingProblems(s: Strategy): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { action } of actionsInOrder(s)) seen.set(action.number, (seen.get(action.number) ?? 0) + 1);
  for (let n = 1; n <= 60; n++) {
    const count = seen.get(pad(n)) ?? 0;
    if (count === 0) problems.push(`action ${pad(n)} is missing`);
    if (count > 1) problems.push(`action ${pad(n)} appears ${count} times`);
  }
  for (const number of seen.keys()) {
    if (!/^\d\d$/.test(number) || Number(number) < 1 || Number(number) > 60) {
      problems.push(`unexpected action number "${number}"`);
    }
  }
  const order = actionsInOrder(s).map(({ action }) => Number(action.number));
  order.forEach((n, i) => {
    const previous = order[i - 1];
    if (previous !== undefined && n <= previous) problems.push(`action ${pad(n)} comes after ${pad(previous)}`);
  });

  const subNumbers: string[] = [];
  for (const { action } of actionsInOrder(s)) {
    action.subactions.forEach((sub, i) => {
      subNumbers.push(sub.number);
      if (sub.number !== `${action.number}.${i + 1}`) {
        problems.push(`sub-action ${sub.number} under action ${action.number} should be ${action.number}.${i + 1}`);
      }
    });
  }
  const dupes = subNumbers.filter((n, i) => subNumbers.indexOf(n) !== i);
  for (const n of new Set(dupes)) problems.push(`sub-action ${n} appears more than once`);
  for (const n of SUBACTIONS) if (!subNumbers.includes(n)) problems.push(`sub-action ${n} is missing`);
  for (const n of subNumbers) if (!SUBACTIONS.includes(n)) problems.push(`unexpected sub-action ${n}`);
  return problems;
}

function placementProblems(s: Strategy): string[] {
  const problems: string[] = [];
  const axisNumbers = s.axes.map((axis) => axis.number);
  if (axisNumbers.join() !== '1,2,3,4,5,6,7') problems.push(`axes are ${axisNumbers.join()}, expected 1 to 7`);
  const groupIds: string[] = [];
  for (const axis of s.axes) {
    if (axis.kind !== AXIS_KINDS[axis.number]) problems.push(`axis ${axis.number} should be ${AXIS_KINDS[axis.number]}`);
    const range = AXIS_RANGES[axis.number];
    for (const group of axis.groups) {
      groupIds.push(group.id);
      if (!group.id.startsWith(`${axis.number}.`)) problems.push(`group ${group.id} sits under axis ${axis.number}`);
      const expected = GROUPS[group.id];
      const numbers = group.actions.map((action) => Number(action.number));
      if (expected) {
        const want = Array.from({ length: expected.last - expected.first + 1 }, (_, i) => expected.first + i);
        if (numbers.join() !== want.join()) {
          problems.push(`group ${group.id} holds ${numbers.map(pad).join(',')}, expected ${want.map(pad).join(',')}`);
        }
      }
      for (const n of numbers) {
        if (!range || n < range[0] || n > range[1]) problems.push(`action ${pad(n)} is outside axis ${axis.number}`);
      }
    }
  }
  const wantIds = Object.keys(GROUPS);
  if (groupIds.join() !== wantIds.join()) problems.push(`groups are ${groupIds.join()}, expected ${wantIds.join()}`);
  return problems;
}

function indicatorProblems(s: Strategy): string[] {
  const problems: string[] = [];
  if ('indicators' in s) problems.push('indicators at the top level');
  for (const axis of s.axes) {
    if ('indicators' in axis) problems.push(`indicators at the level of axis ${axis.number}`);
    for (const group of axis.groups) {
      const want = GROUPS[group.id]?.indicators;
      if (want !== undefined && group.indicators.length !== want) {
        problems.push(`group ${group.id} has ${group.indicators.length} indicators, the document lists ${want}`);
      }
    }
  }
  return problems;
}

interface Labelled {
  label: string;
  kind: 'title' | 'indicator' | 'action';
  fr: string;
  en: string;
}

function allTexts(s: Strategy): Labelled[] {
  const out: Labelled[] = [];
  for (const axis of s.axes) {
    out.push({ label: `axis ${axis.number}`, kind: 'title', ...axis.title });
    for (const group of axis.groups) {
      out.push({ label: `group ${group.id}`, kind: 'title', ...group.title });
      group.indicators.forEach((ind, i) => out.push({ label: `indicator ${group.id}#${i + 1}`, kind: 'indicator', ...ind }));
      for (const action of group.actions) {
        out.push({ label: `action ${action.number}`, kind: 'action', ...action.text });
        for (const sub of action.subactions) out.push({ label: `sub-action ${sub.number}`, kind: 'action', ...sub.text });
      }
    }
  }
  return out;
}

// Whole words that are French and never English: their presence in `en` means an untranslated fragment.
const FRENCH_ONLY_WORDS = /\b(?:les|des|du|une|et|pour|dans|avec|sur|aux|leur|est)\b/i;
const FRENCH_ACCENTS = /[àâäçéèêëîïôöùûüÿœæ]/i;
// A French text has an accent, an elision (d', l', s') or one of the commonest French function words.
const LOOKS_FRENCH = /[àâçéèêëîïôûùœ]|\b[dls]'|\b(?:le|la|les|de|des|du|un|une|et|au|aux)\b/i;
// Leftovers of the PDF-to-text step: markdown emphasis, table pipes, "[1/3]" page markers, "p.23".
const EXTRACTION_ARTEFACTS = /\*|\||\[\d\/\d\]|\bp\.\s?\d|\s{2,}|^\d{2}\s/;

function textProblems(s: Strategy): string[] {
  const problems: string[] = [];
  if (s.source !== SOURCE) problems.push('source line differs from the deliberation reference');
  for (const t of allTexts(s)) {
    for (const lang of ['fr', 'en'] as const) {
      const text = t[lang];
      if (typeof text !== 'string' || text.trim() === '') {
        problems.push(`${t.label}: empty ${lang} text`);
        continue;
      }
      if (text !== text.trim()) problems.push(`${t.label}: ${lang} text has surrounding whitespace`);
      if (EXTRACTION_ARTEFACTS.test(text)) problems.push(`${t.label}: ${lang} text has an extraction artefact`);
      // The document ends every action with a full stop and no title or indicator with one.
      if (t.kind === 'action' && !text.endsWith('.')) problems.push(`${t.label}: ${lang} text should end with "."`);
      if (t.kind !== 'action' && text.endsWith('.')) problems.push(`${t.label}: ${lang} text should not end with "."`);
    }
    if (t.fr === t.en && !SAME_IN_BOTH_LANGUAGES.has(t.fr)) problems.push(`${t.label}: English is the French text`);
    if (FRENCH_ONLY_WORDS.test(t.en) || FRENCH_ACCENTS.test(t.en)) problems.push(`${t.label}: English looks French`);
    if (!LOOKS_FRENCH.test(t.fr)) problems.push(`${t.label}: French text does not look French`);
  }
  return problems;
}

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

function fingerprint(text: string): string {
  return createHash('sha256').update(normalise(text)).digest('hex').slice(0, 16);
}

/** Fingerprints from `banned` that match a word, or two adjacent words, of `text`. */
function bannedNamesIn(text: string, banned: ReadonlySet<string>): string[] {
  const words = normalise(text).split(/[^A-Z-]+/).filter(Boolean);
  // Hyphenated surnames are one word; their halves are checked too, in case the text breaks them.
  const candidates = new Set<string>(words.flatMap((w) => [w, ...w.split('-').filter(Boolean)]));
  words.forEach((w, i) => {
    const next = words[i + 1];
    if (next !== undefined) candidates.add(`${w} ${next}`);
  });
  return [...candidates].map(fingerprint).filter((f) => banned.has(f));
}

// "M. X", "Mme X": the civility forms that introduce every person in the deliberation.
const CIVILITY = /\b(?:M\.|MM\.|Mme|Mmes)\s+\p{Lu}/u;

// ---------------------------------------------------------------------------------------------------------

const clone = (): Strategy => structuredClone(seed) as Strategy;
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
const mutable = (s: Strategy) => s as unknown as Mutable<Strategy>;

describe('seeds/strategy.json', () => {
  it('matches seeds/strategy.schema.json', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(schema);
    const valid = validate(seed);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has actions 01 to 60 exactly once each, in order, and the 13 sub-actions under their parents', () => {
    expect(numberingProblems(seed)).toEqual([]);
    expect(actionsInOrder(seed)).toHaveLength(60);
  });

  it('puts every action under the axis and group where the document prints it', () => {
    expect(placementProblems(seed)).toEqual([]);
  });

  it('keeps every indicator on the group it belongs to, none on an axis', () => {
    expect(indicatorProblems(seed)).toEqual([]);
    const total = seed.axes.flatMap((axis) => axis.groups).reduce((sum, g) => sum + g.indicators.length, 0);
    expect(total).toBe(53);
  });

  it('has non-empty French and translated English for every title, indicator and action', () => {
    expect(textProblems(seed)).toEqual([]);
  });

  it('names no person from the deliberation', () => {
    expect(bannedNamesIn(seedText, BANNED_NAME_FINGERPRINTS)).toEqual([]);
    expect(seedText).not.toMatch(CIVILITY);
  });
});

describe('the seed checks catch broken seeds', () => {
  it('the schema rejects unknown fields and malformed numbers', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(schema);
    const extra = clone();
    (mutable(extra).axes[0] as unknown as Record<string, unknown>).indicators = [];
    expect(validate(extra)).toBe(false);
    const badNumber = clone();
    mutable(badNumber).axes[0]!.groups[0]!.actions[0]!.number = '1' as never;
    expect(validate(badNumber)).toBe(false);
    const badSub = clone();
    mutable(badSub).axes[2]!.groups[0]!.actions[0]!.subactions[0]!.number = '17-1' as never;
    expect(validate(badSub)).toBe(false);
    const markdown = clone();
    mutable(markdown).axes[0]!.groups[0]!.actions[0]!.text.fr = 'Diffuser un **guide**.';
    expect(validate(markdown)).toBe(false);
  });

  it('a missing or duplicated action', () => {
    const s = clone();
    const actions = mutable(s).axes[0]!.groups[0]!.actions;
    actions.splice(1, 1); // drop 02
    actions.push(structuredClone(actions[0]!)); // 01 twice
    const problems = numberingProblems(s);
    expect(problems).toContain('action 02 is missing');
    expect(problems).toContain('action 01 appears 2 times');
  });

  it('a sub-action under the wrong parent, duplicated or missing', () => {
    const s = clone();
    const group = mutable(s).axes[2]!.groups[0]!; // 3.a: 17, 18, 19, 20
    const moved = group.actions[0]!.subactions.pop()!; // 17.2 leaves 17 ...
    group.actions[2]!.subactions.push(moved); // ... for 19
    group.actions[1]!.subactions.push(structuredClone(group.actions[1]!.subactions[0]!)); // 18.1 twice
    const problems = numberingProblems(s);
    expect(problems).toContain('sub-action 17.2 under action 19 should be 19.1');
    expect(problems).toContain('sub-action 18.1 appears more than once');
    const missing = clone();
    mutable(missing).axes[4]!.groups[2]!.actions[0]!.subactions = []; // 37.1
    expect(numberingProblems(missing)).toContain('sub-action 37.1 is missing');
  });

  it('an action moved to another axis or group', () => {
    const s = clone();
    const axes = mutable(s).axes;
    const action25 = axes[3]!.groups[0]!.actions.shift()!; // from 4.a
    axes[0]!.groups[2]!.actions.push(action25); // into 1.c
    const problems = placementProblems(s);
    expect(problems).toContain('action 25 is outside axis 1');
    expect(problems).toContain('group 1.c holds 07,25, expected 07');
    expect(problems).toContain('group 4.a holds , expected 25');
  });

  it('an indicator detached from its group', () => {
    const s = clone();
    const axis = mutable(s).axes[1]!;
    const lifted = axis.groups[1]!.indicators.splice(0, 1);
    (axis as unknown as Record<string, unknown>).indicators = lifted;
    const problems = indicatorProblems(s);
    expect(problems).toContain('indicators at the level of axis 2');
    expect(problems).toContain('group 2.b has 2 indicators, the document lists 3');
  });

  it('an empty, untranslated or half-translated text', () => {
    const s = clone();
    const group = mutable(s).axes[0]!.groups[0]!;
    group.actions[0]!.text.en = group.actions[0]!.text.fr;
    group.actions[1]!.text.en = ' ';
    group.indicators[0]!.en = 'Nombre of ambassadors des services';
    group.title.fr = 'A policy';
    const problems = textProblems(s);
    expect(problems).toContain('action 01: English is the French text');
    expect(problems).toContain('action 02: empty en text');
    expect(problems).toContain('indicator 1.a#1: English looks French');
    expect(problems).toContain('group 1.a: French text does not look French');
  });

  it('leftover PDF artefacts', () => {
    const s = clone();
    const axes = mutable(s).axes;
    axes[2]!.groups[0]!.title.fr = "Une politique d'achats responsables [1/3]";
    axes[3]!.groups[2]!.actions[0]!.text.fr = '29 | Mettre en place une veille.';
    const problems = textProblems(s);
    expect(problems).toContain('group 3.a: fr text has an extraction artefact');
    expect(problems).toContain('action 29: fr text has an extraction artefact');
  });

  it('a fingerprinted word, alone or as a word pair, and a civility form', () => {
    const canary = new Set([CANARY_FINGERPRINT]);
    expect(bannedNamesIn('{"fr": "L\'extension Empreinte."}', canary)).toEqual([CANARY_FINGERPRINT]);
    expect(bannedNamesIn('{"fr": "Emprêinte-Web"}', canary)).toEqual([CANARY_FINGERPRINT]);
    expect(bannedNamesIn(seedText, canary)).toEqual([]);
    const pair = new Set([fingerprint('GUIDE DES')]);
    expect(bannedNamesIn('un guide des bonnes pratiques', pair)).toHaveLength(1);
    expect('présenté par Mme Dupont').toMatch(CIVILITY);
    expect(BANNED_NAME_FINGERPRINTS.size).toBe(16);
  });
});
