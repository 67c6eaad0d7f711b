import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';
import { awarenessBodySchema, errorSchema } from '../schemas';
import type { AwarenessActionInput } from '../store/types';
import { weekOfDay } from '../weeks';
import { requireToken } from './auth';

export async function awarenessRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: AwarenessActionInput }>(
    '/v1/awareness-actions',
    {
      onRequest: requireToken(['admin']),
      schema: { body: awarenessBodySchema, response: { '4xx': errorSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      const day = new Date(`${body.date}T00:00:00Z`);
      // The pattern accepts 2026-02-31; the calendar does not.
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== body.date) {
        throw new HttpError(400, 'invalid_field', `The field 'date' is not a calendar day (${body.date}).`);
      }
      const action = await app.collector.store.insertAwarenessAction({ ...body, week: weekOfDay(body.date) });
      return reply.code(201).send(action);
    },
  );
}
