import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { SupervisionError, manualMergeSchema, manualSplitSchema, mergeTickets, splitTicket } from '../../merge/ticket-supervision.ts';
import { requireRole } from '../auth-guard.ts';

const params = z.object({ id: z.string().min(1).max(100) });

/**
 * Supervisor control of merging (ADMIN): POST /tickets/:id/merge {intoTicketId, reason} and
 * POST /tickets/:id/split {demandIds, reason} → a new ticket. Both are audited with before/after.
 */
export const mergeRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const guard = { preHandler: requireRole(ctx, 'ADMIN') };
    const handle = async (reply: { code: (n: number) => { send: (b: unknown) => unknown } }, run: () => Promise<unknown>) => {
      try {
        return await run();
      } catch (error) {
        if (error instanceof SupervisionError) return reply.code(error.status).send({ error: error.status === 404 ? 'not_found' : 'conflict', message: error.message });
        throw error;
      }
    };
    app.post('/tickets/:id/merge', guard, async (request, reply) => {
      const { id } = params.parse(request.params);
      const input = manualMergeSchema.parse(request.body);
      return handle(reply, () => mergeTickets(ctx, id, request.principal!, input));
    });
    app.post('/tickets/:id/split', guard, async (request, reply) => {
      const { id } = params.parse(request.params);
      const input = manualSplitSchema.parse(request.body);
      return handle(reply, () => splitTicket(ctx, id, request.principal!, input));
    });
  };
