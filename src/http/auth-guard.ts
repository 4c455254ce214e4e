import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { authenticate, type Principal } from '../auth/tokens.ts';
import type { Role } from '../generated/prisma/client.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The JSON body's exact bytes (set by the JSON parser). */
    rawBody?: Buffer;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** preHandler: 401 without valid credentials, 403 when the role is not allowed. */
export function requireRole(ctx: AppContext, ...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request);
    const principal = token ? await authenticate(ctx.prisma, token) : null;
    if (!principal) return reply.code(401).send({ error: 'unauthorized', message: '请先登录或提供有效的 API 密钥' });
    if (!roles.includes(principal.role)) return reply.code(403).send({ error: 'forbidden', message: '无权访问' });
    request.principal = principal;
  };
}
