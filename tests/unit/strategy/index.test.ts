import { describe, expect, it } from 'vitest';
import {
  actionsOfAxis,
  allActionNumbers,
  axisOfAction,
  getAction,
  getAxis,
  groupOfAction,
  isActionNumber,
  isSubActionNumber,
  locateAction,
  parentOfSubAction,
  strategy,
  type Action,
  type Axis,
} from '../../../lib/strategy';

const expectedNumbers = Array.from({ length: 60 }, (_, i) => String(i + 1).padStart(2, '0'));

describe('lib/strategy', () => {
  it('getAction finds actions and sub-actions by their printed number', () => {
    const first = getAction('01');
    expect(first?.text.fr).toBe("Diffuser un guide des bonnes pratiques afin d'encourager les comportements durables.");
    expect(first?.subactions).toEqual([]);

    const eighteen = getAction('18');
    expect(eighteen?.subactions.map((s) => s.number)).toEqual(['18.1', '18.2', '18.3', '18.4']);

    const sub = getAction('24.3');
    expect(sub?.number).toBe('24.3');
    expect(sub?.text.fr).toMatch(/DEEE/);
    expect(sub && 'subactions' in sub).toBe(false);
  });

  it('getAction returns undefined for numbers not written as in the document', () => {
    for (const bad of ['7', '007', '61', '00', '17.9', '17.', '', ' 01', '1.a']) {
      expect(getAction(bad), bad).toBeUndefined();
    }
  });

  it('axisOfAction and groupOfAction place actions and sub-actions', () => {
    expect(axisOfAction('07')?.number).toBe(1);
    expect(axisOfAction('08')?.number).toBe(2);
    expect(axisOfAction('24.3')?.number).toBe(3);
    expect(axisOfAction('25')?.title.fr).toBe('Souveraineté, sécurité et conformité réglementaire');
    expect(axisOfAction('42')?.kind).toBe('transverse');
    expect(axisOfAction('41')?.kind).toBe('strategic');
    expect(axisOfAction('60')?.number).toBe(7);
    expect(axisOfAction('99')).toBeUndefined();

    expect(groupOfAction('19')?.id).toBe('3.a');
    expect(groupOfAction('17.2')?.id).toBe('3.a');
    expect(groupOfAction('21')?.id).toBe('3.b');
    expect(groupOfAction('55')?.indicators).toEqual([]);
  });

  it('parentOfSubAction and locateAction link a sub-action to its action', () => {
    expect(parentOfSubAction('37.1')?.number).toBe('37');
    expect(parentOfSubAction('37')).toBeUndefined();
    const where = locateAction('33.1');
    expect(where?.axis.number).toBe(5);
    expect(where?.group.id).toBe('5.a');
    expect(where?.parent?.number).toBe('33');
    expect(where?.action.number).toBe('33.1');
  });

  it('allActionNumbers lists 01..60 in order, and sub-actions right after their parent on request', () => {
    expect(allActionNumbers()).toEqual(expectedNumbers);
    const withSubs = allActionNumbers({ includeSubactions: true });
    expect(withSubs).toHaveLength(73);
    expect(withSubs.slice(withSubs.indexOf('17'), withSubs.indexOf('19'))).toEqual([
      '17', '17.1', '17.2', '18', '18.1', '18.2', '18.3', '18.4',
    ]);
    // Callers get a copy: editing it must not change the next answer.
    allActionNumbers().pop();
    expect(allActionNumbers()).toHaveLength(60);
  });

  it('actionsOfAxis returns the top-level actions of an axis, covering 01..60 across axes 1..7', () => {
    expect(actionsOfAxis(3).map((a) => a.number)).toEqual(['17', '18', '19', '20', '21', '22', '23', '24']);
    expect(actionsOfAxis(4).map((a) => a.number)).toEqual(['25', '26', '27', '28', '29', '30', '31']);
    expect(actionsOfAxis(0)).toEqual([]);
    expect(actionsOfAxis(8)).toEqual([]);
    const all: Action[] = [1, 2, 3, 4, 5, 6, 7].flatMap((n) => actionsOfAxis(n));
    expect(all.map((a) => a.number)).toEqual(expectedNumbers);
    for (const action of all) expect(axisOfAction(action.number)).toBe(getAxis(axisOfAction(action.number)!.number));
  });

  it('number guards accept exactly the document formats', () => {
    expect(expectedNumbers.every(isActionNumber)).toBe(true);
    expect(['0', '1', '61', '60.1', 'a1'].some(isActionNumber)).toBe(false);
    expect(['17.1', '01.1', '60.9'].every(isSubActionNumber)).toBe(true);
    expect(['17', '17.0', '17.10', '61.1'].some(isSubActionNumber)).toBe(false);
  });

  it('the shared strategy cannot be edited by a consumer', () => {
    expect(Object.isFrozen(strategy)).toBe(true);
    expect(() => {
      (strategy.axes as Axis[]).pop();
    }).toThrow(TypeError);
    expect(() => {
      (getAction('01')!.text as { fr: string }).fr = 'x';
    }).toThrow(TypeError);
    expect(strategy.axes).toHaveLength(7);
  });
});
