/*
 * Where reports go, and whether they go at all. Reporting is off unless a collector is configured (its address
 * and the enrollment token), either by the person in the options page or by the DSI's managed policy; even then
 * the person can turn it off at any time, and a policy can only choose the default, never force it on.
 *
 * The person's own choices live in storage.local under "report:prefs", version 1:
 *   { version: 1, enabled?: boolean, collectorUrl?: string, enrollmentToken?: string, teamToken?: string }
 * The policy (storage.managed, public/managed_schema.json) may set collectorUrl, enrollmentToken, teamToken and
 * reportingDefault; a field the policy sets wins over the person's and cannot be edited in the options page.
 */

export const PREFS_KEY = 'report:prefs';

export interface ReportPrefs {
  version: 1;
  /** The person's explicit choice; absent: the policy's default, or off. */
  enabled?: boolean;
  collectorUrl?: string;
  enrollmentToken?: string;
  /** Ambassadors only: opens their team's summary on the collector. */
  teamToken?: string;
}

export interface ManagedReporting {
  collectorUrl?: string;
  enrollmentToken?: string;
  teamToken?: string;
  reportingDefault?: boolean;
}

export type ConfigField = 'collectorUrl' | 'enrollmentToken' | 'teamToken';

export interface ReportConfig {
  collectorUrl: string | null;
  enrollmentToken: string | null;
  teamToken: string | null;
  /** Both the collector's address and the enrollment token are known. */
  configured: boolean;
  /** The person's choice, or else the policy's default, or else off. */
  enabled: boolean;
  /** Reports are built and sent: configured and enabled. */
  active: boolean;
  /** Fields set by the policy (read-only in the options page). */
  locked: ConfigField[];
  /** What the policy sets as default, if it says anything. */
  policyDefault: boolean | undefined;
  /** The person has chosen explicitly (otherwise the default applies). */
  chosen: boolean;
}

export function emptyPrefs(): ReportPrefs {
  return { version: 1 };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
/** RFC 6750 b64token, bounded: the collector's tokens are 43 base64url characters. */
const TOKEN = /^[A-Za-z0-9._~+/-]{16,256}=*$/;

export type UrlProblem = 'invalid' | 'insecure';

/**
 * A collector's base address: https, or http on this machine's loopback only (tests, a local trial); no user
 * name, password, query or fragment. Returns the normalised base (no trailing slash) or the problem.
 */
export function checkCollectorUrl(raw: unknown): { url: string } | { problem: UrlProblem } {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 2048) return { problem: 'invalid' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: 'invalid' };
  }
  if (url.username || url.password || url.search || url.hash) return { problem: 'invalid' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    return { problem: url.protocol === 'http:' ? 'insecure' : 'invalid' };
  }
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function collectorUrlOf(raw: unknown): string | undefined {
  const checked = checkCollectorUrl(raw);
  return 'url' in checked ? checked.url : undefined;
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** Stored preferences are untrusted: each invalid field is dropped alone. */
export function parsePrefs(raw: unknown): ReportPrefs {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const prefs = emptyPrefs();
  if (typeof value.enabled === 'boolean') prefs.enabled = value.enabled;
  const url = collectorUrlOf(value.collectorUrl);
  if (url) prefs.collectorUrl = url;
  if (isToken(value.enrollmentToken)) prefs.enrollmentToken = value.enrollmentToken;
  if (isToken(value.teamToken)) prefs.teamToken = value.teamToken;
  return prefs;
}

/** The reporting fields of a managed policy, valid ones only (a policy that sets nothing valid locks nothing). */
export function parseManagedReporting(raw: unknown): ManagedReporting {
  if (typeof raw !== 'object' || raw === null) return {};
  const value = raw as Record<string, unknown>;
  const out: ManagedReporting = {};
  const url = collectorUrlOf(value.collectorUrl);
  if (url) out.collectorUrl = url;
  if (isToken(value.enrollmentToken)) out.enrollmentToken = value.enrollmentToken;
  if (isToken(value.teamToken)) out.teamToken = value.teamToken;
  if (typeof value.reportingDefault === 'boolean') out.reportingDefault = value.reportingDefault;
  return out;
}

export function resolveConfig(prefs: ReportPrefs, managed: ManagedReporting): ReportConfig {
  const locked: ConfigField[] = (['collectorUrl', 'enrollmentToken', 'teamToken'] as const).filter((f) => managed[f] !== undefined);
  const collectorUrl = managed.collectorUrl ?? prefs.collectorUrl ?? null;
  const enrollmentToken = managed.enrollmentToken ?? prefs.enrollmentToken ?? null;
  const teamToken = managed.teamToken ?? prefs.teamToken ?? null;
  const configured = collectorUrl !== null && enrollmentToken !== null;
  const enabled = prefs.enabled ?? managed.reportingDefault ?? false;
  return {
    collectorUrl,
    enrollmentToken,
    teamToken,
    configured,
    enabled,
    active: configured && enabled,
    locked,
    policyDefault: managed.reportingDefault,
    chosen: prefs.enabled !== undefined,
  };
}

/** A change asked for in the options page. `null` clears a field; absent leaves it as it is. */
export interface PrefsChange {
  enabled?: boolean;
  collectorUrl?: string | null;
  enrollmentToken?: string | null;
  teamToken?: string | null;
}

export type PrefsProblem = { field: ConfigField; problem: UrlProblem | 'invalid-token' | 'locked' };

/** Applies a change; refuses (and changes nothing) when a value is invalid or the policy sets that field. */
export function applyPrefsChange(prefs: ReportPrefs, change: PrefsChange, locked: readonly ConfigField[]): { prefs: ReportPrefs } | PrefsProblem {
  const next: ReportPrefs = { ...prefs };
  for (const field of ['collectorUrl', 'enrollmentToken', 'teamToken'] as const) {
    const value = change[field];
    if (value === undefined) continue;
    if (locked.includes(field)) return { field, problem: 'locked' };
    if (value === null || value.trim() === '') {
      delete next[field];
      continue;
    }
    if (field === 'collectorUrl') {
      const checked = checkCollectorUrl(value);
      if ('problem' in checked) return { field, problem: checked.problem };
      next.collectorUrl = checked.url;
    } else {
      if (!isToken(value.trim())) return { field, problem: 'invalid-token' };
      next[field] = value.trim();
    }
  }
  if (typeof change.enabled === 'boolean') next.enabled = change.enabled;
  return { prefs: next };
}

/** A change as received in a message: only known fields, with the right types; null when it is not one. */
export function parsePrefsChange(raw: unknown): PrefsChange | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const value = raw as Record<string, unknown>;
  const out: PrefsChange = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === 'enabled') {
      if (typeof v !== 'boolean') return null;
      out.enabled = v;
    } else if (key === 'collectorUrl' || key === 'enrollmentToken' || key === 'teamToken') {
      if (v !== null && (typeof v !== 'string' || v.length > 2048)) return null;
      out[key] = v;
    } else {
      return null;
    }
  }
  return out;
}
