import { describe, expect, it } from 'vitest';
import { axisOfAction, strategy } from '../../../lib/strategy';
import { tips } from '../../../lib/tips/catalogue';
import { guideAxes, matches, normalise } from '../../../lib/tips/guide';

const all = { query: '', audience: 'all' as const };

describe('the guide’s grouping', () => {
  it('files every tip exactly once, under the axis of its first action, and in every axis it serves otherwise', () => {
    const axes = guideAxes(tips, all);
    expect(axes.map((a) => a.axis.number)).toEqual(strategy.axes.map((a) => a.number));
    const filed = axes.flatMap((a) => a.tips.map((t) => t.id));
    expect(filed.sort()).toEqual(tips.map((t) => t.id).sort());
    for (const { axis, tips: inAxis, seeAlso } of axes) {
      for (const t of inAxis) expect(axisOfAction(t.actions[0]!)?.number).toBe(axis.number);
      for (const t of seeAlso) {
        expect(axisOfAction(t.actions[0]!)?.number).not.toBe(axis.number);
        expect(t.actions.some((a) => axisOfAction(a)?.number === axis.number)).toBe(true);
      }
    }
    // Axis 5 (the information system's sobriety: devices, eco-design, data) holds most tips.
    expect(axes.find((a) => a.axis.number === 5)!.tips.length).toBeGreaterThan(20);
  });

  it('searches title, body and action numbers, ignoring case and accents, all words required', () => {
    expect(normalise('Sécurité ÉLUS')).toBe('securite elus');
    const found = guideAxes(tips, { query: 'securite', audience: 'all' }).flatMap((a) => a.tips);
    expect(found.length).toBeGreaterThan(0);
    for (const t of found) expect(normalise(`${t.title.fr} ${t.title.en} ${t.body.fr} ${t.body.en}`)).toContain('securite');
    expect(guideAxes(tips, { query: '36.1', audience: 'all' }).flatMap((a) => a.tips).map((t) => t.id)).toContain('device-upgrade');
    expect(guideAxes(tips, { query: 'vidéo qualité zzzz', audience: 'all' }).flatMap((a) => a.tips)).toEqual([]);
  });

  it('filters by audience', () => {
    const webmaster = guideAxes(tips, { query: '', audience: 'webmaster' }).flatMap((a) => a.tips);
    expect(webmaster.map((t) => t.id).sort()).toEqual(tips.filter((t) => t.audiences.includes('webmaster')).map((t) => t.id).sort());
    expect(matches(tips.find((t) => t.id === 'elected-charter')!, { query: '', audience: 'agent' })).toBe(false);
  });
});
