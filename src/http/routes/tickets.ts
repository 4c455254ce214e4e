import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { ticketLineage } from '../../drafts/lineage.ts';
import { analystDemandView, analystTicketView, reportersOf, statusEventView } from '../../inbox/analyst-view.ts';
import { continueTicketNow } from '../../queue/continue-work.ts';
import { applyStatusUpdate, statusUpdateSchema } from '../../status/status-update.ts';
import { requireRole } from '../auth-guard.ts';
import { memberOf } from './inbox.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });
const listQuery = z.object({
  category: z.string().trim().min(1).max(50).optional(),
  region: z.string().trim().min(1).max(50).optional(),
  rebound: z.enum(['1', 'true']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** Tickets: status in from hotline systems (状态同步); reading for analysts and admins (no personal data); lineage. */
export const ticketRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const readers = requireRole(ctx, 'ANALYST', 'ADMIN');

    app.post('/tickets/:id/status', { preHandler: requireRole(ctx, 'CONNECTOR', 'ADMIN') }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const update = statusUpdateSchema.parse(request.body);
      const outcome = await applyStatusUpdate(ctx, request.principal!.name, id, update);
      if (outcome === 'unknown-ticket') return reply.code(404).send({ error: 'not_found', message: `no ticket ${id}` });
      if (outcome === 'applied') await continueTicketNow(ctx, id);
      return reply.code(outcome === 'duplicate' ? 200 : 202).send({ outcome });
    });

    app.get('/tickets', { preHandler: readers }, async (request) => {
      const q = listQuery.parse(request.query);
      const where = { ...(q.category ? { category: q.category } : {}), ...(q.region ? { district: q.region } : {}), ...(q.rebound ? { reboundAt: { not: null } } : {}) };
      const [tickets, total] = await Promise.all([
        ctx.prisma.ticket.findMany({ where, orderBy: [{ heat: 'desc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
        ctx.prisma.ticket.count({ where }),
      ]);
      const reporters = await reportersOf(ctx.prisma, tickets.map((t) => t.id));
      return { tickets: tickets.map((t) => analystTicketView(t, reporters.get(t.id) ?? [])), total, page: q.page, pageSize: q.pageSize };
    });

    app.get('/tickets/:id', { preHandler: readers }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const ticket = await ctx.prisma.ticket.findUnique({ where: { id }, include: { demands: { orderBy: { occurredAt: 'asc' } }, statusEvents: { orderBy: { occurredAt: 'asc' } } } });
      if (!ticket) return reply.code(404).send({ error: 'not_found', message: '未找到该工单' });
      const reporters = ticket.demands.map((d) => d.reporterMasked);
      return { ticket: { ...analystTicketView(ticket, reporters), demands: ticket.demands.map((d) => analystDemandView(d, reporters)), statusEvents: ticket.statusEvents.map((e) => statusEventView(e, reporters)) } };
    });

    /** The drafts (提案 / 社情民意信息) that came from a ticket; a member sees own drafts of tickets in the own inbox. */
    app.get('/tickets/:id/lineage', { preHandler: requireRole(ctx, 'MEMBER', 'ANALYST', 'ADMIN') }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const own = request.principal!.role === 'MEMBER' ? memberOf(request) : null;
      if (own && (await ctx.prisma.inboxItem.count({ where: { memberId: own, ticketId: id, pushedAt: { not: null } } })) === 0) {
        return reply.code(404).send({ error: 'not_found', message: '未找到该工单' });
      }
      const lineage = await ticketLineage(ctx.prisma, id, own);
      if (!lineage) return reply.code(404).send({ error: 'not_found', message: '未找到该工单' });
      return lineage;
    });
  };
