/**
 * The weekly report: the only thing the extension ever sends to a collector, and the one contract both sides
 * validate (the extension before queueing, the collector at its edge through this JSON Schema).
 *
 * Plain TypeScript on purpose: this file is bundled into the extension, so it imports nothing (no Node, no
 * Fastify, no ajv). The schema is a plain object that ajv (the collector's Fastify) compiles as is.
 *
 * What is deliberately absent, and must stay absent (docs/privacy.md): URL, domain, time of day, any install or
 * device identifier, browser name or version. A new field here is a new data flow: it needs a schema version bump
 * and a line in docs/privacy.md.
 */

/** Bumped only when the meaning or set of fields changes; the collector rejects versions it does not know. */
export const REPORT_SCHEMA_VERSION = 1 as const;

export const REPORT_ROLES = ['agent', 'elected', 'ambassador', 'webmaster'] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];

/**
 * Coarse bands of the week's transfer weight. Four bands only: a finer value (or the exact byte count) would make
 * a report easier to tell apart from its neighbours and says nothing more useful to the DSI.
 */
export const WEIGHT_BANDS = ['<100MB', '100MB-1GB', '1-5GB', '>5GB'] as const;
export type WeightBand = (typeof WEIGHT_BANDS)[number];

/** ISO 8601 week, e.g. 2026-W49. Week 53 is checked against the calendar by {@link isIsoWeek}. */
export const ISO_WEEK_PATTERN = '^[0-9]{4}-W(?:0[1-9]|[1-4][0-9]|5[0-3])$';
/** Team code chosen by the DSI: short, lowercase, no spaces, so it cannot carry a person's full name easily. */
export const TEAM_PATTERN = '^[a-z0-9-]{2,32}$';
/** Tip ids from the catalogue (seeds/tips.json) are kebab-case. */
export const TIP_ID_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const TIP_ID_MAX_LENGTH = 48;
/** Random UUID version 4 (crypto.randomUUID() output), lowercase. */
export const REPORT_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
export const MAX_TIPS_ADOPTED = 60;
export const MAX_TIPS_SHOWN = 1000;
/** The collector refuses bodies above this size (413); a maximal valid report is about 3.5 KB. */
export const MAX_REPORT_BYTES = 8 * 1024;

export interface WeeklyReport {
  schema: typeof REPORT_SCHEMA_VERSION;
  /** New random UUID v4 for every report, never reused: it only makes re-sending idempotent. */
  reportId: string;
  /** ISO week the counts are about, e.g. "2026-W49". */
  week: string;
  role: ReportRole;
  team?: string;
  /** Days of the week on which the extension measured at least one page (0-7). */
  activeDays: number;
  guideOpenedThisWeek: boolean;
  guideOpenedEver: boolean;
  charterAcknowledged: boolean;
  /** Number of tips displayed during the week. */
  tipsShown: number;
  /** Catalogue ids of the tips the person marked as adopted this week. */
  tipsAdopted: string[];
  weightBand?: WeightBand;
}

/**
 * JSON Schema (draft-07 subset understood by ajv 8 and Fastify). `additionalProperties: false` everywhere: the
 * collector is configured to *reject* (not strip) unknown properties, so an extension that starts sending more
 * than this is refused instead of silently trusted.
 */
export const weeklyReportSchema = {
  title: 'Empreinte weekly report',
  type: 'object',
  additionalProperties: false,
  required: [
    'schema',
    'reportId',
    'week',
    'role',
    'activeDays',
    'guideOpenedThisWeek',
    'guideOpenedEver',
    'charterAcknowledged',
    'tipsShown',
    'tipsAdopted',
  ],
  properties: {
    schema: { type: 'integer', const: REPORT_SCHEMA_VERSION },
    reportId: { type: 'string', minLength: 36, maxLength: 36, pattern: REPORT_ID_PATTERN },
    week: { type: 'string', minLength: 8, maxLength: 8, pattern: ISO_WEEK_PATTERN },
    role: { type: 'string', enum: [...REPORT_ROLES] },
    team: { type: 'string', minLength: 2, maxLength: 32, pattern: TEAM_PATTERN },
    activeDays: { type: 'integer', minimum: 0, maximum: 7 },
    guideOpenedThisWeek: { type: 'boolean' },
    guideOpenedEver: { type: 'boolean' },
    charterAcknowledged: { type: 'boolean' },
    tipsShown: { type: 'integer', minimum: 0, maximum: MAX_TIPS_SHOWN },
    tipsAdopted: {
      type: 'array',
      maxItems: MAX_TIPS_ADOPTED,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: TIP_ID_MAX_LENGTH, pattern: TIP_ID_PATTERN },
    },
    weightBand: { type: 'string', enum: [...WEIGHT_BANDS] },
  },
} as const;

/** Number of ISO weeks in an ISO year: 53 when 28 December falls in week 53, which happens when 1 January is a
 * Thursday, or a Wednesday in a leap year. */
export function isoWeeksInYear(year: number): 52 | 53 {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay(); // 0 = Sunday
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** True for a well-formed ISO week that exists in the calendar: the pattern alone accepts W53 for every year,
 * but "2025-W53" does not exist while "2026-W53" does. */
export function isIsoWeek(value: string): boolean {
  if (!new RegExp(ISO_WEEK_PATTERN).test(value)) return false;
  const year = Number(value.slice(0, 4));
  const week = Number(value.slice(6));
  return week <= isoWeeksInYear(year);
}

export interface ReportProblem {
  /** Path of the offending field, e.g. "tipsAdopted[2]"; "" for the report itself. */
  field: string;
  message: string;
}

const TIP_ID_RE = new RegExp(TIP_ID_PATTERN);
const TEAM_RE = new RegExp(TEAM_PATTERN);
const REPORT_ID_RE = new RegExp(REPORT_ID_PATTERN);
const REQUIRED = weeklyReportSchema.required as readonly string[];
const KNOWN = new Set(Object.keys(weeklyReportSchema.properties));

function isInt(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Same rules as {@link weeklyReportSchema} (plus the calendar check of week 53), without ajv, for the extension to
 * check what it is about to queue. Returns the first problem found, or null. tests/unit/report/payload.test.ts
 * checks that this function and the JSON Schema agree.
 */
export function findReportProblem(value: unknown): ReportProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field: '', message: 'must be an object' };
  }
  const r = value as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (!(key in r)) return { field: key, message: 'is required' };
  }
  for (const key of Object.keys(r)) {
    if (!KNOWN.has(key)) return { field: key, message: 'is not an allowed property' };
  }
  if (r.schema !== REPORT_SCHEMA_VERSION) return { field: 'schema', message: `must be ${REPORT_SCHEMA_VERSION}` };
  if (typeof r.reportId !== 'string' || !REPORT_ID_RE.test(r.reportId)) {
    return { field: 'reportId', message: 'must be a lowercase random UUID (version 4)' };
  }
  if (typeof r.week !== 'string' || !isIsoWeek(r.week)) {
    return { field: 'week', message: 'must be an existing ISO week such as 2026-W49' };
  }
  if (typeof r.role !== 'string' || !(REPORT_ROLES as readonly string[]).includes(r.role)) {
    return { field: 'role', message: `must be one of ${REPORT_ROLES.join(', ')}` };
  }
  if ('team' in r && (typeof r.team !== 'string' || !TEAM_RE.test(r.team))) {
    return { field: 'team', message: 'must be 2 to 32 characters among a-z, 0-9 and -' };
  }
  if (!isInt(r.activeDays, 0, 7)) return { field: 'activeDays', message: 'must be an integer from 0 to 7' };
  for (const key of ['guideOpenedThisWeek', 'guideOpenedEver', 'charterAcknowledged'] as const) {
    if (typeof r[key] !== 'boolean') return { field: key, message: 'must be true or false' };
  }
  if (!isInt(r.tipsShown, 0, MAX_TIPS_SHOWN)) {
    return { field: 'tipsShown', message: `must be an integer from 0 to ${MAX_TIPS_SHOWN}` };
  }
  if (!Array.isArray(r.tipsAdopted)) return { field: 'tipsAdopted', message: 'must be an array' };
  if (r.tipsAdopted.length > MAX_TIPS_ADOPTED) {
    return { field: 'tipsAdopted', message: `must have at most ${MAX_TIPS_ADOPTED} items` };
  }
  const seen = new Set<string>();
  for (const [i, tip] of r.tipsAdopted.entries()) {
    if (typeof tip !== 'string' || tip.length > TIP_ID_MAX_LENGTH || !TIP_ID_RE.test(tip)) {
      return { field: `tipsAdopted[${i}]`, message: 'must be a kebab-case tip id' };
    }
    if (seen.has(tip)) return { field: `tipsAdopted[${i}]`, message: 'must not repeat a tip id' };
    seen.add(tip);
  }
  if ('weightBand' in r && !(WEIGHT_BANDS as readonly unknown[]).includes(r.weightBand)) {
    return { field: 'weightBand', message: `must be one of ${WEIGHT_BANDS.join(', ')}` };
  }
  return null;
}

/** Maps a week's transfer weight in bytes to its band; the exact figure never leaves the device. */
export function weightBandOf(bytes: number): WeightBand {
  const MB = 1_000_000;
  if (bytes < 100 * MB) return '<100MB';
  if (bytes < 1000 * MB) return '100MB-1GB';
  if (bytes <= 5000 * MB) return '1-5GB';
  return '>5GB';
}
