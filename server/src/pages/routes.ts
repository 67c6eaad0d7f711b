/**
 * The collector's web pages: an index, the IT department's dashboard and the ambassadors' team page.
 *
 *   GET /, /dashboard, /team          public shells: no figure, a token form, one inline script
 *   GET /dashboard/view?from&to       the dashboard's figures as HTML (admin token, in the Authorization header)
 *   GET /team/view?team&weeks         a team's figures as HTML (that team's token, or the admin token)
 *
 * Same edge rules as the API (schemas, closed query strings, rate limit, { error, message } on failure). Every
 * page carries a strict Content-Security-Policy: nothing external, only our own inline script and style, allowed
 * by their hashes, and fetches to this origin only.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../errors';
import { MAX_RANGE_WEEKS } from '../indicators/service';
import { emptyQuerySchema, errorSchema } from '../schemas';
import { addWeeks, weekOrdinal } from '../weeks';
import { ISO_WEEK_PATTERN, isIsoWeek, TEAM_PATTERN } from '../../../lib/report/payload';
import { requireToken } from '../routes/auth';
import { CLIENT_SCRIPT, PAGE_STYLE } from './client';
import { langOf, translator, type Lang } from './i18n';
import { renderDashboardView, renderIndex, renderShell, renderTeamView } from './views';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(CLIENT_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' blob:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Frame-Options', 'DENY')
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8');
}

const week = { type: 'string', minLength: 8, maxLength: 8, pattern: ISO_WEEK_PATTERN } as const;
const lang = { type: 'string', enum: ['fr', 'en'] } as const;

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const { indicators, catalogue } = app.collector;
  const ctxOf = (query: { lang?: Lang }, acceptLanguage: string | undefined) => {
    const l = langOf(query.lang, acceptLanguage);
    return { lang: l, t: translator(l) };
  };
  const shellSchema = { querystring: emptyQuerySchema, response: { '4xx': errorSchema } };

  app.get<{ Querystring: { lang?: Lang } }>('/', { schema: shellSchema }, async (request, reply) => {
    const { lang: l, t } = ctxOf(request.query, request.headers['accept-language']);
    return pageHeaders(reply).send(renderIndex(l, t));
  });

  for (const page of ['dashboard', 'team'] as const) {
    app.get<{ Querystring: { lang?: Lang } }>(`/${page}`, { schema: shellSchema }, async (request, reply) => {
      const { lang: l, t } = ctxOf(request.query, request.headers['accept-language']);
      const title = page === 'dashboard' ? t('dashboardTitle') : t('teamTitle');
      return pageHeaders(reply).send(renderShell({ lang: l, t, title, path: `/${page}`, page }));
    });
  }

  app.get<{ Querystring: { from?: string; to?: string; lang?: Lang } }>(
    '/dashboard/view',
    {
      onRequest: requireToken(['admin']),
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: { from: week, to: week, lang } },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      // Default: the last 12 published weeks.
      const to = request.query.to ?? indicators.publishedThrough();
      const from = request.query.from ?? addWeeks(to, -11);
      for (const [name, w] of [['from', from], ['to', to]] as const) {
        if (!isIsoWeek(w)) throw new HttpError(400, 'invalid_field', `The query parameter '${name}' names a week that does not exist.`);
      }
      const span = weekOrdinal(to) - weekOrdinal(from) + 1;
      if (span < 1) throw new HttpError(400, 'invalid_range', "The query parameter 'from' must not be after 'to'.");
      if (span > MAX_RANGE_WEEKS) {
        throw new HttpError(400, 'invalid_range', `The range from 'from' to 'to' may span at most ${MAX_RANGE_WEEKS} weeks.`);
      }
      const answer = await indicators.indicators(from, to);
      return pageHeaders(reply).send(renderDashboardView(ctxOf(request.query, request.headers['accept-language']), catalogue, answer));
    },
  );

  app.get<{ Querystring: { team: string; weeks: number; lang?: Lang } }>(
    '/team/view',
    {
      onRequest: requireToken(['team', 'admin']),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['team'],
          properties: {
            team: { type: 'string', minLength: 2, maxLength: 32, pattern: TEAM_PATTERN },
            weeks: { type: 'integer', minimum: 1, maximum: 104, default: 12 },
            lang,
          },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const { team, weeks } = request.query;
      const principal = request.principal!;
      if (principal.kind === 'team' && principal.team !== team) {
        throw new HttpError(403, 'forbidden', "This team token does not give access to that team's page.");
      }
      const answer = await indicators.teamSummary(team, weeks);
      return pageHeaders(reply).send(renderTeamView(ctxOf(request.query, request.headers['accept-language']), catalogue, answer, weeks));
    },
  );
}
