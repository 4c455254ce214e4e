import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { ZodError } from 'zod';
import type { AppContext } from '../app/context.ts';
import { BodyError, parseJsonBody } from './json-body.ts';
import { authRoutes } from './routes/auth.ts';
import { correctionRoutes } from './routes/corrections.ts';
import { demandRoutes } from './routes/demands.ts';
import { draftRoutes } from './routes/drafts.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { memberRoutes } from './routes/members.ts';
import { mergeRoutes } from './routes/merges.ts';
import { opsRoutes } from './routes/ops.ts';
import { routingRuleRoutes } from './routes/routing-rules.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { vendorRoutes } from './static-vendor.ts';
import { mountBullBoard } from './bull-board.ts';
import { reviewRoutes } from './routes/review.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { hotlinePushRoutes } from '../../connectors/hotline-12345/http-push.ts';
import { open311Routes } from '../../connectors/hotline-12345/open311-routes.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** The HTTP API and the web UI (public/) of one process. */
export async function buildServer(ctx: AppContext) {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ component: 'http' }),
    bodyLimit: ctx.config.MAX_BODY_BYTES,
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      request.rawBody = body as Buffer; // signed pushes verify the exact bytes
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ZodError) {
      return reply.code(400).send({ error: 'invalid_request', message: '请求参数无效', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    if (error instanceof BodyError) return reply.code(error.statusCode).send({ error: error.code, message: error.message });
    const e = error as { statusCode?: number; code?: string; message?: string };
    const status = e.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: e.message }, 'request failed');
    return reply.code(status).send({ error: e.code ?? 'error', message: status >= 500 ? 'internal error' : e.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));

  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/' });
  await app.register(authRoutes(ctx), { prefix: '/api/v1' });
  await app.register(demandRoutes(ctx), { prefix: '/api/v1' });
  await app.register(correctionRoutes(ctx), { prefix: '/api/v1' });
  await app.register(reviewRoutes(ctx), { prefix: '/api/v1' });
  await app.register(inboxRoutes(ctx), { prefix: '/api/v1' });
  await app.register(ticketRoutes(ctx), { prefix: '/api/v1' });
  await app.register(draftRoutes(ctx), { prefix: '/api/v1' });
  await app.register(memberRoutes(ctx), { prefix: '/api/v1' });
  await app.register(routingRuleRoutes(ctx), { prefix: '/api/v1' });
  await app.register(mergeRoutes(ctx), { prefix: '/api/v1' });
  await app.register(opsRoutes(ctx));
  await app.register(analyticsRoutes(ctx), { prefix: '/api/v1' });
  await app.register(vendorRoutes);
  await mountBullBoard(app, ctx);
  await app.register(hotlinePushRoutes(ctx), { prefix: '/api/v1/connectors/hotline' });
  await app.register(open311Routes(ctx), { prefix: '/open311/v2' });
  return app;
}
