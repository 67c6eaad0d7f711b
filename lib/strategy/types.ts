/*
 * Types of seeds/strategy.json: Le Mans Métropole's Responsible Digital Strategy (Schéma Numérique
 * Responsable, deliberation no. 29 of 3 April 2025). The JSON Schema next to the seed is the contract;
 * these types mirror it and must change with it.
 */

export type Locale = 'fr' | 'en';

/** French is the document's own text; English is our translation. */
export interface LocalizedText {
  readonly fr: string;
  readonly en: string;
}

export type AxisNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Five strategic axes (1–5) and two transverse ones (6–7), as the deliberation names them. */
export type AxisKind = 'strategic' | 'transverse';

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type NonZeroDigit = Exclude<Digit, '0'>;

/** "01" to "60", two digits exactly as printed in the document. */
export type ActionNumber = `0${NonZeroDigit}` | `${'1' | '2' | '3' | '4' | '5'}${Digit}` | '60';

/** A sub-action is numbered after its parent: "17.1", "24.3". */
export type SubActionNumber = `${ActionNumber}.${NonZeroDigit}`;

/** Axis number, a dot, a letter in document order: "3.b" is the second group of axis 3. */
export type GroupId = `${AxisNumber}.${string}`;

export interface SubAction {
  readonly number: SubActionNumber;
  readonly text: LocalizedText;
}

export interface Action {
  readonly number: ActionNumber;
  readonly text: LocalizedText;
  readonly subactions: readonly SubAction[];
}

export interface Group {
  readonly id: GroupId;
  readonly title: LocalizedText;
  /** Empty when the document gives the group no indicator (group 7.b). */
  readonly indicators: readonly LocalizedText[];
  readonly actions: readonly Action[];
}

export interface Axis {
  readonly number: AxisNumber;
  readonly kind: AxisKind;
  readonly title: LocalizedText;
  readonly groups: readonly Group[];
}

export interface Strategy {
  readonly $schema: string;
  readonly source: string;
  readonly axes: readonly Axis[];
}

/** Where an action or sub-action sits in the strategy. `parent` is set for sub-actions only. */
export interface ActionLocation {
  readonly axis: Axis;
  readonly group: Group;
  readonly action: Action | SubAction;
  readonly parent?: Action;
}
