/**
 * Builds the collector's Fastify app from a config and a store, without listening: main.ts listens, tests use
 * app.inject.
 *
 * Edge rules (STYLE.md habit 9): a schema on every route; unknown properties rejected, not stripped; no type
 * coercion of bodies ("3" is not 3); 8 KB body limit; connection and request timeouts; 5xx detail hidden;
 * errors are always { error: <reason code>, message: <plain words> }.
 *
 * Privacy of the edge: request logging is off and the logger has no request serializer, so no IP address, user
 * agent or exact time is written anywhere; the rate limiter keys on a keyed hash of the IP held in memory only.
 */
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import AjvModule from 'ajv';
import { createHmac, randomBytes } from 'node:crypto';
import { MAX_REPORT_BYTES } from '../../lib/report/payload';
import type { Catalogue } from './indicators/catalogue';
import { IndicatorService } from './indicators/service';
import type { Store } from './store/types';
import { TokenRegistry, type Principal } from './tokens';
import { reportRoutes } from './routes/reports';
import { indicatorRoutes } from './routes/indicators';
import { awarenessRoutes } from './routes/awareness';
import { teamRoutes } from './routes/teams';
import { healthRoutes } from './routes/health';
import { pageRoutes } from './pages/routes';
import { HttpError, validationProblem } from './errors';

// ajv ships CommonJS with a default export; under ESM the class is on .default.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;

export interface CollectorConfig {
  store: Store;
  catalogue: Catalogue;
  /** Injectable clock (tests); only ever turned into an ISO week. */
  now?: () => Date;
  /** Weeks after which a week's figures are published (see IndicatorService). Default 2. */
  publishLagWeeks?: number;
  /** Requests per source per window, in memory; false disables it (benchmarks of the raw path only). */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /** Log level (and a stream, for tests), or false. Request logging is always off. */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
  /**
   * Behind a reverse proxy: the proxy addresses (or "loopback") whose X-Forwarded-For is believed. Only the rate
   * limiter uses the client address, and only in memory; without this every request would seem to come from the
   * proxy and share one limit.
   */
  trustProxy?: boolean | string;
  /** How long a token created elsewhere (by `init`) takes to be seen. */
  tokenCacheMs?: number;
  /** Oldest and newest weeks accepted in a report, relative to the current week. */
  acceptWeeks?: { past: number; ahead: number };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    collector: {
      store: Store;
      catalogue: Catalogue;
      tokens: TokenRegistry;
      indicators: IndicatorService;
      now: () => Date;
      acceptWeeks: { past: number; ahead: number };
    };
  }
}

export async function buildApp(config: CollectorConfig): Promise<FastifyInstance> {
  const now = config.now ?? (() => new Date());
  const app = Fastify({
    bodyLimit: MAX_REPORT_BYTES,
    // A slow client cannot hold a connection open for long (slowloris): whole request in 10 s, idle 5 s.
    connectionTimeout: 10_000,
    requestTimeout: 10_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    trustProxy: config.trustProxy ?? false,
    // No "incoming request" / "request completed" lines: they would carry the address, user agent and time.
    logController: new LogController({ disableRequestLogging: true }),
    logger:
      config.logger === undefined || config.logger === false
        ? false
        : {
            level: config.logger === true ? 'info' : config.logger.level,
            // No time on log lines, and nothing from the request: no IP, no user agent, no URL with a query.
            timestamp: false,
            base: null,
            serializers: { req: () => ({}), res: () => ({}) },
            ...(typeof config.logger === 'object' && config.logger.stream ? { stream: config.logger.stream } : {}),
          },
  });

  // Two validators: bodies are validated as sent (no coercion, no defaults), query strings and params are
  // coerced from text. Both reject unknown properties instead of removing them.
  const bodyAjv = new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, strict: true });
  const textAjv = new Ajv({ removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false, strict: true });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object),
  );

  const tokens = new TokenRegistry(config.store, config.tokenCacheMs ?? 5_000);
  app.decorate('collector', {
    store: config.store,
    catalogue: config.catalogue,
    tokens,
    indicators: new IndicatorService(config.store, config.catalogue, now, config.publishLagWeeks ?? 2),
    now,
    acceptWeeks: config.acceptWeeks ?? { past: 10, ahead: 2 },
  });
  app.decorateRequest('principal', null);
  // Fastify parses text/plain by default; every body here is JSON, anything else is a 415.
  app.removeContentTypeParser('text/plain');
  // Our own JSON parser, only to say precisely why a body is refused: Fastify's answers "not valid JSON" both for
  // broken text and for a valid body that carries a prototype-poisoning key, which it refuses (rightly) as well.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new HttpError(400, 'empty_body', 'The body is empty; a JSON object is expected.'));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new HttpError(400, 'invalid_json', 'The body is not valid JSON.'));
    }
    const key = forbiddenKey(value);
    if (key) return done(new HttpError(400, 'forbidden_key', `The key '${key}' is never accepted in a body.`));
    return done(null, value);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const problem = validationProblem(error.validation, error.validationContext ?? 'body');
      return reply.code(400).send(problem);
    }
    if (error instanceof HttpError) return reply.code(error.statusCode).send(error.body);
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      // The detail goes to the log only (no request data there); the client learns nothing about internals.
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ error: 'internal_error', message: 'Internal error.' });
    }
    return reply.code(status).send(clientError(error, status));
  });
  if (config.rateLimit !== false) {
    const limit = config.rateLimit ?? { max: 300, timeWindowMs: 60_000 };
    // Keyed hash of the address with a secret that lives and dies with the process: the limiter's memory never
    // holds an IP address, and nothing of it survives a restart.
    const secret = randomBytes(32);
    await app.register(rateLimit, {
      global: true,
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      cache: 10_000,
      keyGenerator: (request: FastifyRequest) =>
        createHmac('sha256', secret).update(request.ip).digest('base64url').slice(0, 22),
      allowList: (request: FastifyRequest) => request.routeOptions.url === '/healthz',
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `Too many requests from this source; retry in ${Math.ceil(context.ttl / 1000)} s.`),
    });
  }

  // Probing for routes counts against the same limit as everything else.
  app.setNotFoundHandler(config.rateLimit === false ? {} : { preHandler: app.rateLimit() }, (_request, reply) =>
    reply.code(404).send({ error: 'not_found', message: 'No such route.' }),
  );

  await app.register(healthRoutes);
  await app.register(reportRoutes);
  await app.register(indicatorRoutes);
  await app.register(awarenessRoutes);
  await app.register(teamRoutes);
  await app.register(pageRoutes);
  return app;
}

/**
 * "__proto__" anywhere, or "constructor" holding "prototype": keys that pollute prototypes if a parsed body is
 * ever merged into another object. JSON.parse makes them plain own keys; refusing them is defence in depth.
 */
function forbiddenKey(value: unknown, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = forbiddenKey(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__') return key;
    if (key === 'constructor' && typeof inner === 'object' && inner !== null && 'prototype' in inner) return key;
    const found = forbiddenKey(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Fastify's own 4xx errors, with a stable reason code and a plain message. */
function clientError(error: FastifyError, status: number): { error: string; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: 'payload_too_large', message: `The body is larger than ${MAX_REPORT_BYTES} bytes.` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: 'unsupported_media_type', message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: 'empty_body', message: 'The body is empty; a JSON object is expected.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { error: 'invalid_json', message: 'The body is not valid JSON.' };
    default:
      break;
  }
  if (error instanceof SyntaxError || status === 400) {
    return { error: 'invalid_json', message: 'The body is not valid JSON.' };
  }
  if (status === 413) return { error: 'payload_too_large', message: `The body is larger than ${MAX_REPORT_BYTES} bytes.` };
  if (status === 415) return { error: 'unsupported_media_type', message: 'Send the body as application/json.' };
  return { error: 'bad_request', message: 'The request could not be processed.' };
}
