import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../src/app/context.ts';
import { acceptBatch, fieldOf } from '../../src/ingest/accept-batch.ts';
import { demandInputSchema } from '../../src/ingest/demand-input.ts';
import { SIGNATURE_HEADER, SignatureVerifier, TIMESTAMP_HEADER } from '../../src/http/hmac.ts';
import { hotlineStatusSchema, STATUS_FORMAT } from './status-update.ts';
import { HOTLINE_SOURCE, WORK_ORDER_FORMAT, workOrderSchema, workOrderToDemand } from './work-order.ts';

/**
 * The hotline pushing over HTTP, signed with HMAC-SHA256 over "timestamp.body"
 * (HOTLINE_PUSH_SECRET): work orders (≤ 1000 per request) and handling statuses.
 */
export const hotlinePushRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const secret = ctx.config.HOTLINE_PUSH_SECRET;
    const verifier = secret ? new SignatureVerifier(secret) : undefined;
    const signed = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!verifier) return reply.code(503).send({ error: 'not_configured', message: 'HOTLINE_PUSH_SECRET is not set on this server' });
      const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
      const check = verifier.verify(header(TIMESTAMP_HEADER), header(SIGNATURE_HEADER), request.rawBody ?? Buffer.alloc(0));
      if (!check.ok) return reply.code(401).send({ error: 'bad_signature', message: check.reason });
    };

    app.post('/workorders', { preHandler: signed }, async (request, reply) => {
      const result = await acceptBatch(ctx, request.body, {
        validate: (record) => {
          const order = workOrderSchema.safeParse(record);
          return order.success ? demandInputSchema.safeParse(workOrderToDemand(order.data)) : order;
        },
        toIncoming: (record) => ({ source: HOTLINE_SOURCE, sourceRef: fieldOf(record, 'workOrderNo'), format: WORK_ORDER_FORMAT, channel: 'hotline' }),
      });
      return reply.code(result.status).send(result.body);
    });

    app.post('/status', { preHandler: signed }, async (request, reply) => {
      const result = await acceptBatch(ctx, request.body, {
        validate: (record) => hotlineStatusSchema.safeParse(record),
        toIncoming: (record) => ({ source: `${HOTLINE_SOURCE}-status`, sourceRef: `status-${fieldOf(record, 'updateId') ?? 'unknown'}`, format: STATUS_FORMAT }),
      });
      return reply.code(result.status).send(result.body);
    });
  };
