import { describe, expect, it } from 'vitest';
import {
  applyPrefsChange,
  checkCollectorUrl,
  parseManagedReporting,
  parsePrefs,
  parsePrefsChange,
  resolveConfig,
} from '../../../lib/report/config';

const TOKEN = 'A'.repeat(43);
const OTHER = 'b_-'.repeat(15);

describe('checkCollectorUrl', () => {
  it.each([
    ['https://collecteur.example.org', 'https://collecteur.example.org'],
    ['https://collecteur.example.org/', 'https://collecteur.example.org'],
    ['  https://example.org/empreinte/ ', 'https://example.org/empreinte'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('accepts %j as %j', (raw, url) => {
    expect(checkCollectorUrl(raw)).toEqual({ url });
  });

  it.each([
    ['http://collecteur.example.org', 'insecure'],
    ['http://10.0.0.5:8787', 'insecure'],
    ['ftp://example.org', 'invalid'],
    ['javascript:alert(1)', 'invalid'],
    ['https://user:pw@example.org', 'invalid'],
    ['https://example.org/?token=x', 'invalid'],
    ['https://example.org/#x', 'invalid'],
    ['not a url', 'invalid'],
    ['', 'invalid'],
    [42, 'invalid'],
  ])('refuses %j (%s)', (raw, problem) => {
    expect(checkCollectorUrl(raw)).toEqual({ problem });
  });
});

describe('prefs and policy', () => {
  it('parses stored preferences field by field', () => {
    expect(parsePrefs(undefined)).toEqual({ version: 1 });
    expect(parsePrefs({ enabled: 'yes', collectorUrl: 'http://evil.example', enrollmentToken: 'short', teamToken: TOKEN })).toEqual({ version: 1, teamToken: TOKEN });
    expect(parsePrefs({ enabled: false, collectorUrl: 'https://c.example/', enrollmentToken: TOKEN })).toEqual({
      version: 1,
      enabled: false,
      collectorUrl: 'https://c.example',
      enrollmentToken: TOKEN,
    });
  });

  it('reads only the reporting fields of a policy, valid ones only', () => {
    expect(parseManagedReporting(null)).toEqual({});
    expect(parseManagedReporting({ collectorUrl: 'https://c.example', enrollmentToken: TOKEN, teamToken: 3, reportingDefault: true, role: 'agent' })).toEqual({
      collectorUrl: 'https://c.example',
      enrollmentToken: TOKEN,
      reportingDefault: true,
    });
  });

  it('is off unless a collector is configured, whatever the default', () => {
    const c = resolveConfig({ version: 1, enabled: true }, { reportingDefault: true });
    expect(c).toMatchObject({ configured: false, enabled: true, active: false });
    expect(resolveConfig({ version: 1, enabled: true, collectorUrl: 'https://c.example' }, {}).active).toBe(false);
  });

  it('follows the policy default until the person chooses, and the person can always turn it off', () => {
    const managed = { collectorUrl: 'https://c.example', enrollmentToken: TOKEN, reportingDefault: true };
    expect(resolveConfig({ version: 1 }, managed)).toMatchObject({ active: true, chosen: false, policyDefault: true, locked: ['collectorUrl', 'enrollmentToken'] });
    expect(resolveConfig({ version: 1, enabled: false }, managed)).toMatchObject({ active: false, chosen: true });
    expect(resolveConfig({ version: 1 }, { ...managed, reportingDefault: undefined }).active).toBe(false);
  });

  it('lets the policy win over the person for the fields it sets', () => {
    const c = resolveConfig({ version: 1, enabled: true, collectorUrl: 'https://mine.example', enrollmentToken: OTHER, teamToken: OTHER }, { collectorUrl: 'https://c.example', enrollmentToken: TOKEN });
    expect(c).toMatchObject({ collectorUrl: 'https://c.example', enrollmentToken: TOKEN, teamToken: OTHER, active: true });
  });
});

describe('applyPrefsChange', () => {
  it('sets, trims and clears fields', () => {
    const r = applyPrefsChange({ version: 1 }, { enabled: true, collectorUrl: 'https://c.example/', enrollmentToken: ` ${TOKEN} ` }, []);
    expect(r).toEqual({ prefs: { version: 1, enabled: true, collectorUrl: 'https://c.example', enrollmentToken: TOKEN } });
    const cleared = applyPrefsChange((r as { prefs: never }).prefs, { enrollmentToken: null, collectorUrl: '' }, []);
    expect(cleared).toEqual({ prefs: { version: 1, enabled: true } });
  });

  it('refuses an invalid value or a field the policy sets, changing nothing', () => {
    expect(applyPrefsChange({ version: 1 }, { enabled: true, collectorUrl: 'http://c.example' }, [])).toEqual({ field: 'collectorUrl', problem: 'insecure' });
    expect(applyPrefsChange({ version: 1 }, { teamToken: 'x y' }, [])).toEqual({ field: 'teamToken', problem: 'invalid-token' });
    expect(applyPrefsChange({ version: 1 }, { collectorUrl: 'https://c.example' }, ['collectorUrl'])).toEqual({ field: 'collectorUrl', problem: 'locked' });
  });
});

describe('parsePrefsChange', () => {
  it('accepts known fields with the right types only', () => {
    expect(parsePrefsChange({ enabled: false })).toEqual({ enabled: false });
    expect(parsePrefsChange({ collectorUrl: null, teamToken: 'x' })).toEqual({ collectorUrl: null, teamToken: 'x' });
    expect(parsePrefsChange({ enabled: 'no' })).toBeNull();
    expect(parsePrefsChange({ collectorUrl: 5 })).toBeNull();
    expect(parsePrefsChange({ clock: 1 })).toBeNull();
    expect(parsePrefsChange({ teamToken: 'x'.repeat(3000) })).toBeNull();
    expect(parsePrefsChange([])).toBeNull();
    expect(parsePrefsChange(null)).toBeNull();
  });
});
