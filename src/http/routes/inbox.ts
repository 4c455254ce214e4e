import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { InboxState } from '../../generated/prisma/enums.ts';
import { reportersOf } from '../../inbox/analyst-view.ts';
import { demandView, inboxItemView, ticketSummary } from '../../inbox/inbox-view.ts';
import { inboxListQuery, inboxWhere } from '../../inbox/inbox-query.ts';
import { ActionError, applyMemberAction, memberActionSchema } from '../../inbox/member-actions.ts';
import { similarTickets } from '../../inbox/similar-tickets.ts';
import { requireRole } from '../auth-guard.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });

/** The member behind a session; 403 for accounts without one. */
export function memberOf(request: FastifyRequest): string {
  const memberId = request.principal?.memberId;
  if (!memberId) throw Object.assign(new Error('该账号未关联委员'), { statusCode: 403, code: 'not_a_member' });
  return memberId;
}

/** The 民意诉求 inbox: a member sees and acts on their own pushed items only. */
export const inboxRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const guard = requireRole(ctx, 'MEMBER');

    app.get('/inbox', { preHandler: guard }, async (request) => {
      const memberId = memberOf(request);
      const q = inboxListQuery.parse(request.query);
      const where = inboxWhere(memberId, q);
      const [items, total, grouped] = await Promise.all([
        ctx.prisma.inboxItem.findMany({ where, include: { ticket: true }, orderBy: [{ pushedAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
        ctx.prisma.inboxItem.count({ where }),
        ctx.prisma.inboxItem.groupBy({ by: ['state'], where: { memberId, pushedAt: { not: null } }, _count: { _all: true } }),
      ]);
      const counts = Object.fromEntries(Object.values(InboxState).map((s) => [s, grouped.find((g) => g.state === s)?._count._all ?? 0]));
      const reporters = await reportersOf(ctx.prisma, items.map((i) => i.ticketId));
      return { items: items.map((i) => inboxItemView(i, reporters.get(i.ticketId))), total, page: q.page, pageSize: q.pageSize, counts };
    });

    app.get('/inbox/notifications', { preHandler: guard }, async (request) => {
      const memberId = memberOf(request);
      const q = z.object({ unread: z.enum(['1', 'true']).optional() }).parse(request.query);
      const notifications = await ctx.prisma.notification.findMany({ where: { memberId, ...(q.unread ? { readAt: null } : {}) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 100 });
      const unread = await ctx.prisma.notification.count({ where: { memberId, readAt: null } });
      return { notifications: notifications.map((n) => ({ id: n.id, kind: n.kind, ticketId: n.ticketId, title: n.title, body: n.body, readAt: n.readAt, createdAt: n.createdAt })), unread };
    });

    app.post('/inbox/notifications/:id/read', { preHandler: guard }, async (request, reply) => {
      const memberId = memberOf(request);
      const { id } = idParam.parse(request.params);
      const r = await ctx.prisma.notification.updateMany({ where: { id, memberId, readAt: null }, data: { readAt: new Date() } });
      if (r.count === 0 && (await ctx.prisma.notification.count({ where: { id, memberId } })) === 0) return reply.code(404).send({ error: 'not_found', message: '未找到该通知' });
      return { ok: true };
    });

    app.get('/inbox/:id', { preHandler: guard }, async (request, reply) => {
      const memberId = memberOf(request);
      const { id } = idParam.parse(request.params);
      const item = await ctx.prisma.inboxItem.findFirst({
        where: { id, memberId, pushedAt: { not: null } },
        include: { ticket: { include: { demands: { orderBy: { occurredAt: 'asc' } }, statusEvents: { orderBy: { occurredAt: 'asc' } } } }, actions: { orderBy: { createdAt: 'asc' } } },
      });
      if (!item) return reply.code(404).send({ error: 'not_found', message: '未找到该诉求' });
      const drafts = await ctx.prisma.draftTicket.findMany({ where: { ticketId: item.ticketId, draft: { memberId } }, include: { draft: { select: { id: true, kind: true, status: true, title: true } } } });
      const reporters = item.ticket.demands.map((d) => d.reporterMasked);
      return {
        item: inboxItemView(item, reporters),
        ticket: {
          ...ticketSummary(item.ticket, reporters),
          demands: item.ticket.demands.map(demandView),
          statusEvents: item.ticket.statusEvents.map((e) => ({ status: e.status, origin: e.origin, note: e.note, occurredAt: e.occurredAt })),
        },
        actions: item.actions.map((a) => ({ action: a.action, kind: a.kind, note: a.note, createdAt: a.createdAt })),
        similarTickets: await similarTickets(ctx.prisma, item.ticket),
        drafts: drafts.map((d) => d.draft),
      };
    });

    app.post('/inbox/:id/actions', { preHandler: guard }, async (request, reply) => {
      const memberId = memberOf(request);
      const { id } = idParam.parse(request.params);
      const action = memberActionSchema.parse(request.body);
      let draft = null;
      try {
        draft = (await applyMemberAction(ctx, memberId, id, action)).draft;
      } catch (error) {
        if (error instanceof ActionError) return reply.code(error.status).send({ error: error.status === 404 ? 'not_found' : 'conflict', message: error.message });
        throw error;
      }
      const item = await ctx.prisma.inboxItem.findUniqueOrThrow({ where: { id }, include: { ticket: true } });
      const reporters = await reportersOf(ctx.prisma, [item.ticketId]);
      return { item: inboxItemView(item, reporters.get(item.ticketId)), ...(draft ? { draft } : {}) };
    });
  };
