/*
 * lib/tips/catalogue.ts: typed access to the tip catalogue, trigger semantics, the saving-formula evaluator,
 * and agreement between the library's enums and the seeds' JSON Schemas.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AUDIENCES,
  REFERENCE_KINDS,
  SERVICE_CATEGORIES,
  SIGNAL_IDS,
  SIGNAL_UNITS,
  estimateSaving,
  getTip,
  isSignalId,
  parseFormula,
  services,
  tips,
  tipsForAction,
  tipsForAudience,
  triggerMet,
} from '../../../lib/tips/catalogue';
import type { Tip } from '../../../lib/tips/types';

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as T;
}

interface TipsSchema {
  $defs: {
    audience: { enum: string[] };
    trigger: { oneOf: { properties?: { signal: { const: string }; unit: { const: string } } }[] };
    reference: { oneOf: { properties: { kind: { const?: string; enum?: string[] } } }[] };
  };
}
const tipsSchema = readJson<TipsSchema>('../../../seeds/tips.schema.json');
const servicesSchema = readJson<{ $defs: { category: { enum: string[] } } }>('../../../seeds/services.schema.json');

function tip(id: string): Tip {
  const found = getTip(id);
  if (!found) throw new Error(`no tip ${id}`);
  return found;
}

describe('enums agree with the JSON Schemas', () => {
  it('signals and their units', () => {
    const fromSchema = Object.fromEntries(
      tipsSchema.$defs.trigger.oneOf
        .filter((variant) => variant.properties !== undefined)
        .map((variant) => [variant.properties!.signal.const, variant.properties!.unit.const]),
    );
    expect(fromSchema).toEqual({ ...SIGNAL_UNITS });
    expect([...SIGNAL_IDS].sort()).toEqual(Object.keys(fromSchema).sort());
  });

  it('audiences, reference kinds and service categories', () => {
    expect([...AUDIENCES].sort()).toEqual([...tipsSchema.$defs.audience.enum].sort());
    const kinds = tipsSchema.$defs.reference.oneOf.flatMap((v) => v.properties.kind.enum ?? [v.properties.kind.const!]);
    expect([...REFERENCE_KINDS].sort()).toEqual(kinds.sort());
    expect([...SERVICE_CATEGORIES].sort()).toEqual([...servicesSchema.$defs.category.enum].sort());
  });
});

describe('catalogue access', () => {
  it('loads every tip and service, frozen', () => {
    expect(tips.length).toBeGreaterThanOrEqual(45);
    expect(services.length).toBeGreaterThan(50);
    expect(Object.isFrozen(tips)).toBe(true);
    expect(Object.isFrozen(tip('video-quality').title)).toBe(true);
    expect(() => {
      (tip('video-quality') as { id: string }).id = 'changed';
    }).toThrow(TypeError);
  });

  it('finds a tip by id, and nothing for an unknown id', () => {
    expect(tip('visio-camera').trigger).toEqual({ signal: 'visio_minutes_day', threshold: 30, unit: 'min' });
    expect(getTip('no-such-tip')).toBeUndefined();
  });

  it('filters by audience', () => {
    const forWebmasters = tipsForAudience('webmaster');
    expect(forWebmasters.map((t) => t.id)).toContain('eco-oversized-images');
    expect(forWebmasters.every((t) => t.audiences.includes('webmaster'))).toBe(true);
    expect(tipsForAudience('elected').map((t) => t.id)).toContain('elected-charter');
    expect(tipsForAudience('elected').map((t) => t.id)).not.toContain('eco-oversized-images');
  });

  it('filters by action, optionally with sub-actions', () => {
    const exact = tipsForAction('36').map((t) => t.id);
    expect(exact).toContain('device-lifetime');
    expect(tipsForAction('36.1').map((t) => t.id)).toContain('device-upgrade');
    // device-refurbished cites only 17.1: found through its parent with includeSubactions, not without.
    expect(tipsForAction('17').map((t) => t.id)).not.toContain('device-refurbished');
    expect(tipsForAction('17', { includeSubactions: true }).map((t) => t.id)).toContain('device-refurbished');
    expect(tipsForAction('3').map((t) => t.id)).toEqual([]); // "3" is not how action 03 is written
  });

  it('recognises signal ids', () => {
    expect(isSignalId('open_tabs')).toBe(true);
    expect(isSignalId('general')).toBe(false);
    expect(isSignalId('OPEN_TABS')).toBe(false);
  });
});

describe('triggerMet', () => {
  it('fires at and above the threshold, not below', () => {
    const openTabs = tip('open-tabs'); // threshold 20
    expect(triggerMet(openTabs, { open_tabs: 19 })).toBe(false);
    expect(triggerMet(openTabs, { open_tabs: 20 })).toBe(true);
    expect(triggerMet(openTabs, { open_tabs: 55 })).toBe(true);
  });

  it('treats an unknown or non-finite signal as not triggering', () => {
    expect(triggerMet(tip('open-tabs'), {})).toBe(false);
    expect(triggerMet(tip('open-tabs'), { video_minutes_day: 500 })).toBe(false);
    expect(triggerMet(tip('open-tabs'), { open_tabs: Number.NaN })).toBe(false);
  });

  it('always fires for a general tip, and for a plain-HTTP page only when the flag is 1', () => {
    expect(triggerMet(tip('device-lifetime'), {})).toBe(true);
    expect(triggerMet(tip('security-http-page'), { http_page: 0 })).toBe(false);
    expect(triggerMet(tip('security-http-page'), { http_page: 1 })).toBe(true);
  });
});

describe('parseFormula', () => {
  it('parses precedence, parentheses, decimals, exponents and unary minus', () => {
    const lookup = (values: Record<string, number>) => (name: string) => values[name];
    expect(parseFormula('bytes_saved = 2 + 3 * 4').evaluate(lookup({}))).toBe(14);
    expect(parseFormula('bytes_saved = (2 + 3) * 4').evaluate(lookup({}))).toBe(20);
    expect(parseFormula('wh_saved = a / b / 2').evaluate(lookup({ a: 8, b: 2 }))).toBe(2);
    expect(parseFormula('wh_saved = 1.5e3 - -a').evaluate(lookup({ a: 1 }))).toBe(1501);
    expect(parseFormula('bytes_saved = a * (b - c)').variables).toEqual(['a', 'b', 'c']);
  });

  it('returns undefined when a variable is unknown', () => {
    expect(parseFormula('bytes_saved = a * 2').evaluate(() => undefined)).toBeUndefined();
  });

  it.each([
    'co2_saved = 1',
    'bytes_saved 1',
    'bytes_saved = ',
    'bytes_saved = (1 + 2',
    'bytes_saved = 1 + * 2',
    'bytes_saved = alert(1)',
    'bytes_saved = a; b',
    'bytes_saved = Math.max',
  ])('rejects %j', (formula) => {
    expect(() => parseFormula(formula)).toThrow(SyntaxError);
  });

  it('parses every formula in the catalogue', () => {
    for (const t of tips) if (t.saving) expect(() => parseFormula(t.saving!.formula), t.id).not.toThrow();
  });
});

describe('estimateSaving', () => {
  it('computes the video-quality saving from the Netflix figures: 2.3 GB per hour of video', () => {
    const estimate = estimateSaving(tip('video-quality'), { video_minutes_day: 60, video_bytes_share: 0.8 });
    expect(estimate?.quantity).toBe('bytes_saved');
    expect(estimate?.value).toBeCloseTo(2.3e9, -3);
  });

  it('computes the camera saving: 600 kbit/s for 30 minutes is 135 MB', () => {
    const estimate = estimateSaving(tip('visio-camera'), { visio_minutes_day: 30 });
    expect(estimate).toEqual({ quantity: 'bytes_saved', value: 135_000_000 });
  });

  it('computes the search-instead-of-chatbot saving in watt-hours', () => {
    const estimate = estimateSaving(tip('genai-search-first'), { genai_visits_day: 10 });
    expect(estimate?.quantity).toBe('wh_saved');
    expect(estimate?.value).toBeCloseTo(26, 6);
  });

  it('is undefined without the signals the formula needs, or for a tip with no stated saving', () => {
    expect(estimateSaving(tip('video-quality'), { video_bytes_share: 0.9 })).toBeUndefined();
    expect(estimateSaving(tip('device-lifetime'), {})).toBeUndefined();
  });

  it('is never negative', () => {
    expect(estimateSaving(tip('visio-camera'), { visio_minutes_day: -5 })?.value).toBe(0);
  });

  it('gives a positive, finite saving for every tip that states one, once its trigger is met', () => {
    for (const t of tips) {
      if (!t.saving) continue;
      // Every signal at a plausible busy-day level; the trigger signal at its threshold.
      const signals: Record<string, number> = Object.fromEntries(SIGNAL_IDS.map((id) => [id, SIGNAL_UNITS[id] === 'ratio' ? 0.5 : 60]));
      if (t.trigger.signal !== 'general') signals[t.trigger.signal] = t.trigger.threshold;
      expect(triggerMet(t, signals), t.id).toBe(true);
      const estimate = estimateSaving(t, signals);
      expect(estimate, t.id).toBeDefined();
      expect(Number.isFinite(estimate!.value) && estimate!.value > 0, t.id).toBe(true);
    }
  });
});
