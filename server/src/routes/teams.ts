import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';
import { errorSchema, teamParamsSchema, teamSummaryQuerySchema, teamTokenBodySchema } from '../schemas';
import { weekOfDate } from '../weeks';
import { requireToken } from './auth';

export async function teamRoutes(app: FastifyInstance): Promise<void> {
  const { tokens, store, indicators, now } = app.collector;

  app.post<{ Params: { team: string }; Body: { replace?: boolean } | undefined }>(
    '/v1/teams/:team/tokens',
    {
      onRequest: requireToken(['admin']),
      schema: {
        params: teamParamsSchema,
        body: teamTokenBodySchema,
        response: {
          201: {
            type: 'object',
            additionalProperties: false,
            required: ['team', 'token', 'revoked'],
            properties: { team: { type: 'string' }, token: { type: 'string' }, revoked: { type: 'integer' } },
          },
          '4xx': errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { team } = request.params;
      const revoked = request.body?.replace ? await store.revokeTokens('team', team) : 0;
      const token = await tokens.issue('team', team, weekOfDate(now()));
      // Shown once: only its hash is kept, so a lost token is replaced, never recovered.
      return reply.code(201).header('Cache-Control', 'no-store').send({ team, token, revoked });
    },
  );

  app.get<{ Params: { team: string }; Querystring: { weeks: number } }>(
    '/v1/teams/:team/summary',
    {
      onRequest: requireToken(['team', 'admin']),
      schema: { params: teamParamsSchema, querystring: teamSummaryQuerySchema, response: { '4xx': errorSchema } },
    },
    async (request, reply) => {
      const { team } = request.params;
      const principal = request.principal!;
      if (principal.kind === 'team' && principal.team !== team) {
        throw new HttpError(403, 'forbidden', "This team token does not give access to that team's summary.");
      }
      reply.header('Cache-Control', 'no-store');
      return indicators.teamSummary(team, request.query.weeks);
    },
  );
}
