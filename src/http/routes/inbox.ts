import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { InboxState } from '../../generated/prisma/enums.ts';
import { demandView, inboxItemView, ticketSummary } from '../../inbox/inbox-view.ts';
import { ActionError, applyMemberAction, memberActionSchema } from '../../inbox/member-actions.ts';
import { requireRole } from '../auth-guard.ts';

const listQuery = z.object({
  state: z.enum(Object.values(InboxState) as [InboxState, ...InboxState[]]).optional(),
  category: z.string().trim().min(1).max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const idParam = z.object({ id: z.string().min(1).max(100) });

/** The 民意诉求 inbox: a member sees and acts on their own pushed items only. */
export const inboxRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const guard = requireRole(ctx, 'MEMBER');
    const memberOf = (request: { principal?: { memberId: string | null } }) => {
      const memberId = request.principal?.memberId;
      if (!memberId) throw Object.assign(new Error('该账号未关联委员'), { statusCode: 403, code: 'not_a_member' });
      return memberId;
    };

    app.get('/inbox', { preHandler: guard }, async (request) => {
      const memberId = memberOf(request);
      const q = listQuery.parse(request.query);
      const visible = { memberId, pushedAt: { not: null } };
      const where = { ...visible, ...(q.state ? { state: q.state } : {}), ...(q.category ? { ticket: { category: q.category } } : {}) };
      const [items, total, grouped] = await Promise.all([
        ctx.prisma.inboxItem.findMany({ where, include: { ticket: true }, orderBy: [{ pushedAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
        ctx.prisma.inboxItem.count({ where }),
        ctx.prisma.inboxItem.groupBy({ by: ['state'], where: visible, _count: { _all: true } }),
      ]);
      const counts = Object.fromEntries(Object.values(InboxState).map((s) => [s, grouped.find((g) => g.state === s)?._count._all ?? 0]));
      return { items: items.map(inboxItemView), total, page: q.page, pageSize: q.pageSize, counts };
    });

    app.get('/inbox/:id', { preHandler: guard }, async (request, reply) => {
      const memberId = memberOf(request);
      const { id } = idParam.parse(request.params);
      const item = await ctx.prisma.inboxItem.findFirst({
        where: { id, memberId, pushedAt: { not: null } },
        include: { ticket: { include: { demands: { orderBy: { occurredAt: 'asc' } }, statusEvents: { orderBy: { occurredAt: 'asc' } } } }, actions: { orderBy: { createdAt: 'asc' } } },
      });
      if (!item) return reply.code(404).send({ error: 'not_found', message: '未找到该诉求' });
      return {
        item: inboxItemView(item),
        ticket: {
          ...ticketSummary(item.ticket),
          demands: item.ticket.demands.map(demandView),
          statusEvents: item.ticket.statusEvents.map((e) => ({ status: e.status, origin: e.origin, note: e.note, occurredAt: e.occurredAt })),
        },
        actions: item.actions.map((a) => ({ action: a.action, kind: a.kind, note: a.note, createdAt: a.createdAt })),
      };
    });

    app.post('/inbox/:id/actions', { preHandler: guard }, async (request, reply) => {
      const memberId = memberOf(request);
      const { id } = idParam.parse(request.params);
      const action = memberActionSchema.parse(request.body);
      try {
        await applyMemberAction(ctx, memberId, id, action);
      } catch (error) {
        if (error instanceof ActionError) return reply.code(error.status).send({ error: error.status === 404 ? 'not_found' : 'conflict', message: error.message });
        throw error;
      }
      const item = await ctx.prisma.inboxItem.findUniqueOrThrow({ where: { id }, include: { ticket: true } });
      return { item: inboxItemView(item) };
    });
  };
