import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { continueTicketNow } from '../../queue/continue-work.ts';
import { applyStatusUpdate, statusUpdateSchema } from '../../status/status-update.ts';
import { requireRole } from '../auth-guard.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });

/** Status in (状态同步): a hotline system reports handling progress on a ticket. */
export const ticketRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.post('/tickets/:id/status', { preHandler: requireRole(ctx, 'CONNECTOR', 'ADMIN') }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const update = statusUpdateSchema.parse(request.body);
      const outcome = await applyStatusUpdate(ctx, request.principal!.name, id, update);
      if (outcome === 'unknown-ticket') return reply.code(404).send({ error: 'not_found', message: `no ticket ${id}` });
      if (outcome === 'applied') await continueTicketNow(ctx, id);
      return reply.code(outcome === 'duplicate' ? 200 : 202).send({ outcome });
    });
  };
