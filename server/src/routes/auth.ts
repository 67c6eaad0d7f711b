import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import type { TokenKind } from '../store/types';
import { bearerOf } from '../tokens';

/**
 * onRequest hook: runs before the body is read, so an unauthenticated request is refused without parsing
 * anything it sent.
 */
export function requireToken(kinds: readonly TokenKind[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = await request.server.collector.tokens.verify(bearerOf(request.headers.authorization), kinds);
    if (!principal) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized', 'A valid bearer token is required (Authorization: Bearer <token>).');
    }
    request.principal = principal;
  };
}
