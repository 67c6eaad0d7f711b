import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['status', 'store'],
            properties: { status: { const: 'ok' }, store: { enum: ['sqlite', 'pg'] } },
          },
        },
      },
    },
    // Says the process is up and which store it uses; a broken store shows up as 5xx on the data routes.
    async () => ({ status: 'ok' as const, store: app.collector.store.dialect }),
  );
}
