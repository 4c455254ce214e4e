import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { demandInputSchema } from '../../ingest/demand-input.ts';
import { acceptBatch, fieldOf } from '../../ingest/accept-batch.ts';
import { requireRole } from '../auth-guard.ts';

/**
 * POST /api/v1/demands — one demand object, an array, or {demands: [...]} (≤ 1000).
 * Every record is stored first; valid ones are queued (202), invalid ones are kept as
 * quarantined RawRecords and reported field by field. All invalid → 400.
 */
export const demandRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.post('/demands', { preHandler: requireRole(ctx, 'CONNECTOR', 'ADMIN') }, async (request, reply) => {
      const result = await acceptBatch(ctx, request.body, {
        validate: (record) => demandInputSchema.safeParse(record),
        toIncoming: (record) => ({ source: fieldOf(record, 'source')?.trim() || `api:${request.principal!.name}`, sourceRef: fieldOf(record, 'sourceRef'), format: 'demand-v1' }),
      });
      return reply.code(result.status).send(result.body);
    });
  };
