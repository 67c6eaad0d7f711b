import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import fr from '../../../public/_locales/fr/messages.json';
import { translator } from '../../../lib/i18n';

describe('interface texts', () => {
  it('has every key in French and in English, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const catalogue of [fr, en]) {
      for (const [key, { message }] of Object.entries(catalogue)) expect(message.trim(), key).not.toBe('');
    }
  });

  it('uses the same substitutions in both languages', () => {
    const slots = (text: string) => (text.match(/\$\d/g) ?? []).sort().join();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(slots(fr[key].message), key).toBe(slots(en[key].message));
    }
  });

  it('substitutes like browser.i18n.getMessage', () => {
    expect(translator('fr')('equivalent', '3 m')).toBe('Soit environ 3 m');
    expect(translator('en')('estimatedHint', 'a', 'b')).toBe('a of b could not be measured by the browser and are estimated.');
  });
});
