/*
 * Typed, read-only access to the Responsible Digital Strategy seed. Framework-free: the popup, the tips
 * catalogue and the report all look actions up here rather than walking the JSON themselves.
 */
import data from '../../seeds/strategy.json';
import type {
  Action,
  ActionLocation,
  ActionNumber,
  Axis,
  Group,
  Strategy,
  SubAction,
  SubActionNumber,
} from './types';

export type * from './types';

const ACTION_NUMBER = /^(?:0[1-9]|[1-5][0-9]|60)$/;
const SUBACTION_NUMBER = /^(?:0[1-9]|[1-5][0-9]|60)\.[1-9]$/;

export function isActionNumber(value: string): value is ActionNumber {
  return ACTION_NUMBER.test(value);
}

export function isSubActionNumber(value: string): value is SubActionNumber {
  return SUBACTION_NUMBER.test(value);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/*
 * The cast is safe only because tests/unit/seeds/strategy.test.ts validates this file against
 * seeds/strategy.schema.json (and checks numbering and placement). We do not ship ajv in the extension to
 * re-check a file that is bundled at build time and cannot change at run time.
 * Frozen so that no consumer can edit the shared copy by accident.
 */
export const strategy: Strategy = deepFreeze(data as Strategy);

// One index built once at load: 7 axes, 23 groups, 73 entries; cheaper than walking the tree per lookup.
const locations = new Map<string, ActionLocation>();
const actionNumbers: ActionNumber[] = [];
const allNumbers: (ActionNumber | SubActionNumber)[] = [];
for (const axis of strategy.axes) {
  for (const group of axis.groups) {
    for (const action of group.actions) {
      locations.set(action.number, { axis, group, action });
      actionNumbers.push(action.number);
      allNumbers.push(action.number);
      for (const sub of action.subactions) {
        locations.set(sub.number, { axis, group, action: sub, parent: action });
        allNumbers.push(sub.number);
      }
    }
  }
}

/** Axis, group, entry and (for a sub-action) parent of an action number such as "07" or "24.3". */
export function locateAction(number: string): ActionLocation | undefined {
  return locations.get(number);
}

/**
 * The action ("01"–"60") or sub-action ("17.1") with this number, or undefined. Numbers must be written as
 * in the document: "7" is not "07". A sub-action is told apart by having no `subactions` field.
 */
export function getAction(number: ActionNumber): Action | undefined;
export function getAction(number: SubActionNumber): SubAction | undefined;
export function getAction(number: string): Action | SubAction | undefined;
export function getAction(number: string): Action | SubAction | undefined {
  return locations.get(number)?.action;
}

/** The axis an action or sub-action belongs to. */
export function axisOfAction(number: string): Axis | undefined {
  return locations.get(number)?.axis;
}

/** The group (sub-heading of an axis) an action or sub-action belongs to. */
export function groupOfAction(number: string): Group | undefined {
  return locations.get(number)?.group;
}

/** The numbered action a sub-action refines; undefined for a top-level action or an unknown number. */
export function parentOfSubAction(number: string): Action | undefined {
  return locations.get(number)?.parent;
}

/**
 * Every action number in document order ("01" … "60"); with `includeSubactions`, each action's
 * sub-actions follow it ("17", "17.1", "17.2", "18", …). Returns a fresh array each call.
 */
export function allActionNumbers(): ActionNumber[];
export function allActionNumbers(options: { includeSubactions: true }): (ActionNumber | SubActionNumber)[];
export function allActionNumbers(options?: { includeSubactions?: boolean }): (ActionNumber | SubActionNumber)[];
export function allActionNumbers(options?: { includeSubactions?: boolean }): (ActionNumber | SubActionNumber)[] {
  return options?.includeSubactions ? [...allNumbers] : [...actionNumbers];
}

export function getAxis(number: number): Axis | undefined {
  return strategy.axes.find((axis) => axis.number === number);
}

/** Top-level actions of an axis in document order (sub-actions stay nested); empty for an unknown axis. */
export function actionsOfAxis(number: number): Action[] {
  return getAxis(number)?.groups.flatMap((group) => group.actions) ?? [];
}
