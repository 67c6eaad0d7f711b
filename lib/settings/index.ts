/*
 * The person's settings: grid country (carbon model), role (which tips they get), optional team code (groups
 * counts in the later weekly report), interface language. Stored in browser.storage.local under "settings"
 * (./store.ts); an administrator's managed policy (browser.storage.managed) may preset any field and then wins.
 *
 * Stored shape, version 1: { version: 1, grid: { country: "FRA", dataCenter: "world" }, role: "agent",
 * teamCode: "", lang: "auto" }. The unversioned shape of the first release ({ grid }) reads as version 1 with
 * the other fields at their defaults: parseSettings falls back field by field, so no step is lost.
 */
import { DEFAULT_GRID, isKnownCountry, type GridSettings } from '../carbon';
import { langOf, type Lang } from '../format';

export const SETTINGS_VERSION = 1;

/** Who the person is at the Métropole: decides which tips they get (seeds/tips.json `audiences`). */
export const ROLES = ['agent', 'elected', 'ambassador', 'webmaster'] as const;
export type Role = (typeof ROLES)[number];

/** "auto" follows the browser's language. */
export const LANG_CHOICES = ['auto', 'fr', 'en'] as const;
export type LangChoice = (typeof LANG_CHOICES)[number];

export interface Settings {
  version: typeof SETTINGS_VERSION;
  grid: GridSettings;
  role: Role;
  /** Empty when the person belongs to no team (or did not say). */
  teamCode: string;
  lang: LangChoice;
}

/** The fields a person (or a policy) sets. */
export type SettingsField = 'grid' | 'role' | 'teamCode' | 'lang';

export const DEFAULT_SETTINGS: Settings = { version: SETTINGS_VERSION, grid: DEFAULT_GRID, role: 'agent', teamCode: '', lang: 'auto' };

/**
 * Letters, digits, "-" and "_", 2 to 32: a code handed out by the Métropole, never free text about a person. The
 * weekly report sends it lower-cased with "_" as "-" (lib/report/builder.ts), which the collector accepts.
 */
const TEAM_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isLangChoice(value: unknown): value is LangChoice {
  return typeof value === 'string' && (LANG_CHOICES as readonly string[]).includes(value);
}

/** A team code as typed: trimmed; undefined when it is not a valid code (the empty string is valid: no team). */
export function normaliseTeamCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || TEAM_CODE.test(trimmed) ? trimmed : undefined;
}

function parseGrid(raw: unknown): GridSettings | undefined {
  const grid = raw as Partial<GridSettings> | undefined;
  if (typeof grid !== 'object' || grid === null) return undefined;
  return {
    country: isKnownCountry(grid.country) ? grid.country : DEFAULT_GRID.country,
    dataCenter: grid.dataCenter === 'world' || isKnownCountry(grid.dataCenter) ? grid.dataCenter : DEFAULT_GRID.dataCenter,
  };
}

/** Settings read from storage are untrusted (older versions, hand edits): anything invalid falls back, field by field. */
export function parseSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    version: SETTINGS_VERSION,
    grid: parseGrid(value.grid) ?? DEFAULT_GRID,
    role: isRole(value.role) ? value.role : DEFAULT_SETTINGS.role,
    teamCode: normaliseTeamCode(value.teamCode) ?? DEFAULT_SETTINGS.teamCode,
    lang: isLangChoice(value.lang) ? value.lang : DEFAULT_SETTINGS.lang,
  };
}

/**
 * The valid fields of a managed policy, and only those: a policy that sets nothing valid locks nothing.
 * Accepted keys: role, teamCode, lang, and gridCountry (or grid.country) as an ISO alpha-3 code.
 */
export function parseManaged(raw: unknown): Partial<Omit<Settings, 'version'>> {
  if (typeof raw !== 'object' || raw === null) return {};
  const value = raw as Record<string, unknown>;
  const out: Partial<Omit<Settings, 'version'>> = {};
  if (isRole(value.role)) out.role = value.role;
  const team = normaliseTeamCode(value.teamCode);
  if (team !== undefined && typeof value.teamCode === 'string') out.teamCode = team;
  if (isLangChoice(value.lang)) out.lang = value.lang;
  const country = value.gridCountry ?? (value.grid as { country?: unknown } | undefined)?.country;
  if (isKnownCountry(country)) out.grid = { ...DEFAULT_GRID, country };
  return out;
}

/** The settings in force: the person's, with every field the policy sets replaced by the policy's. */
export function applyManaged(settings: Settings, managed: Partial<Omit<Settings, 'version'>>): { settings: Settings; locked: SettingsField[] } {
  const locked = (Object.keys(managed) as SettingsField[]).filter((k) => managed[k] !== undefined);
  const grid = managed.grid ? { ...settings.grid, country: managed.grid.country } : settings.grid;
  return { settings: { ...settings, ...managed, grid, version: SETTINGS_VERSION }, locked };
}

/** The interface language for a choice: "auto" follows the browser (French if it is French, English otherwise). */
export function resolveLang(choice: LangChoice, uiLanguage: string | undefined): Lang {
  return choice === 'auto' ? langOf(uiLanguage) : choice;
}
