/*
 * The interface texts live in public/_locales (the browser reads them for the manifest); the pages import the same
 * files so that the language can follow the user's choice rather than only the browser's.
 */
import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';
import type { Lang } from '../format';

export type MessageKey = keyof typeof en & keyof typeof fr;
export type Translate = (key: MessageKey, ...substitutions: (string | number)[]) => string;

const CATALOGUES: Record<Lang, Record<string, { message: string }>> = { fr, en };

/** `$1`…`$9` are replaced by the substitutions, as browser.i18n.getMessage does. */
export function translator(lang: Lang): Translate {
  const catalogue = CATALOGUES[lang];
  return (key, ...substitutions) =>
    (catalogue[key]?.message ?? key).replace(/\$(\d)/g, (match, index: string) => String(substitutions[Number(index) - 1] ?? match));
}

export function catalogueKeys(lang: Lang): string[] {
  return Object.keys(CATALOGUES[lang]);
}
