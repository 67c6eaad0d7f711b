import type { FastifyInstance } from 'fastify';
import { isIsoWeek, type WeeklyReport } from '../../../lib/report/payload';
import { HttpError } from '../errors';
import { errorSchema, reportAcceptedSchema, reportBodySchema } from '../schemas';
import { weekOfDate, weekOrdinal } from '../weeks';
import { requireToken } from './auth';

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const { store, catalogue, now, acceptWeeks } = app.collector;
  const knownTips = new Set(catalogue.tipIds);

  app.post<{ Body: WeeklyReport }>(
    '/v1/reports',
    {
      onRequest: requireToken(['enrollment']),
      schema: {
        body: reportBodySchema,
        response: { 202: reportAcceptedSchema, '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const r = request.body;
      // What JSON Schema cannot say: the week exists in the calendar and is recent, the tips are in the catalogue.
      if (!isIsoWeek(r.week)) {
        throw new HttpError(400, 'invalid_field', `The field 'week' names a week that does not exist (${r.week}).`);
      }
      const current = weekOrdinal(weekOfDate(now()));
      const age = current - weekOrdinal(r.week);
      if (age > acceptWeeks.past || age < -acceptWeeks.ahead) {
        throw new HttpError(
          400,
          'week_out_of_range',
          // A little ahead is accepted: a device's clock may be wrong by a few days around a week's end.
          `The field 'week' must be between ${acceptWeeks.past} weeks ago and ${acceptWeeks.ahead} weeks ahead (got ${r.week}).`,
        );
      }
      // Unknown ids are refused rather than stored: a free-form id could carry anything, a person's name included.
      const unknown = r.tipsAdopted.findIndex((tip) => !knownTips.has(tip));
      if (unknown >= 0) {
        throw new HttpError(400, 'unknown_tip', `The field 'tipsAdopted[${unknown}]' is not a tip of the catalogue.`);
      }
      const outcome = await store.insertReport({
        reportId: r.reportId,
        week: r.week,
        role: r.role,
        team: r.team ?? null,
        activeDays: r.activeDays,
        guideOpenedThisWeek: r.guideOpenedThisWeek,
        guideOpenedEver: r.guideOpenedEver,
        charterAcknowledged: r.charterAcknowledged,
        tipsShown: r.tipsShown,
        tipsAdopted: r.tipsAdopted,
        weightBand: r.weightBand ?? null,
      });
      return reply.code(202).send({ status: outcome });
    },
  );
}
