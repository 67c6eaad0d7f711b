import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';
import { indicatorsCsv, MAX_RANGE_WEEKS } from '../indicators/service';
import { errorSchema, indicatorsQuerySchema } from '../schemas';
import { weekOrdinal } from '../weeks';
import { isIsoWeek } from '../../../lib/report/payload';
import { requireToken } from './auth';

export async function indicatorRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { from: string; to: string; format?: 'json' | 'csv' } }>(
    '/v1/indicators',
    {
      onRequest: requireToken(['admin']),
      schema: { querystring: indicatorsQuerySchema, response: { '4xx': errorSchema } },
    },
    async (request, reply) => {
      const { from, to, format } = request.query;
      for (const [name, week] of [['from', from], ['to', to]] as const) {
        if (!isIsoWeek(week)) throw new HttpError(400, 'invalid_field', `The query parameter '${name}' names a week that does not exist.`);
      }
      const span = weekOrdinal(to) - weekOrdinal(from) + 1;
      if (span < 1) throw new HttpError(400, 'invalid_range', "The query parameter 'from' must not be after 'to'.");
      if (span > MAX_RANGE_WEEKS) {
        throw new HttpError(400, 'invalid_range', `The range from 'from' to 'to' may span at most ${MAX_RANGE_WEEKS} weeks.`);
      }
      const answer = await app.collector.indicators.indicators(from, to);
      reply.header('Cache-Control', 'no-store');
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="empreinte-indicators-${from}-${to}.csv"`)
          .send(indicatorsCsv(answer));
      }
      return answer;
    },
  );
}
