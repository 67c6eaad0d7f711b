/**
 * JSON Schemas of every route. Strings are length-capped, objects closed (additionalProperties: false), and the
 * collector's ajv is configured to reject rather than strip unknown properties (app.ts).
 */
import { ISO_WEEK_PATTERN, TEAM_PATTERN, weeklyReportSchema } from '../../../lib/report/payload';
import { AWARENESS_AUDIENCES, AWARENESS_KINDS } from '../store/types';

export const reportBodySchema = weeklyReportSchema;

export const errorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

export const reportAcceptedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['stored', 'duplicate'] } },
} as const;

const week = { type: 'string', minLength: 8, maxLength: 8, pattern: ISO_WEEK_PATTERN } as const;

export const indicatorsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: week,
    to: week,
    format: { type: 'string', enum: ['json', 'csv'] },
    lang: { type: 'string', enum: ['fr', 'en'] },
  },
} as const;

export const awarenessBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['date', 'kind', 'audience', 'attendees'],
  properties: {
    date: { type: 'string', minLength: 10, maxLength: 10, pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$' },
    kind: { type: 'string', enum: [...AWARENESS_KINDS] },
    audience: { type: 'string', enum: [...AWARENESS_AUDIENCES] },
    attendees: { type: 'integer', minimum: 0, maximum: 100_000 },
    team: { type: 'string', minLength: 2, maxLength: 32, pattern: TEAM_PATTERN },
  },
} as const;

export const teamParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['team'],
  properties: { team: { type: 'string', minLength: 2, maxLength: 32, pattern: TEAM_PATTERN } },
} as const;

export const teamTokenBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Revoke the team's previous tokens (an ambassador left, a token leaked). */
    replace: { type: 'boolean' },
  },
} as const;

export const teamSummaryQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { weeks: { type: 'integer', minimum: 1, maximum: 104, default: 12 } },
} as const;

export const emptyQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { lang: { type: 'string', enum: ['fr', 'en'] } },
} as const;
