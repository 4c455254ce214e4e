import type { Db } from '../db/database.ts';
import { redactPersonal } from '../inbox/redact.ts';

/** For a draft: the tickets and demands behind it (no personal data: text redacted, no reporter fields). */
export async function draftLineage(prisma: Db, draftId: string, memberId: string | null) {
  const draft = await prisma.draft.findFirst({ where: { id: draftId, ...(memberId ? { memberId } : {}) }, include: { tickets: true } });
  if (!draft) return null;
  const tickets = await prisma.ticket.findMany({
    where: { id: { in: draft.tickets.map((t) => t.ticketId) } },
    include: { demands: { select: { id: true, channel: true, source: true, occurredAt: true, district: true, category: true, title: true, content: true, reporterMasked: true }, orderBy: { occurredAt: 'asc' } } },
  });
  return {
    draft: { id: draft.id, kind: draft.kind, status: draft.status, title: draft.title, createdAt: draft.createdAt, submittedAt: draft.submittedAt },
    tickets: tickets.map((t) => {
      const reporters = t.demands.map((d) => d.reporterMasked);
      return {
        id: t.id,
        title: redactPersonal(t.title, reporters),
        category: t.category,
        district: t.district,
        status: t.status,
        heat: t.heat,
        demandCount: t.demandCount,
        demands: t.demands.map((d) => ({ id: d.id, channel: d.channel, source: d.source, occurredAt: d.occurredAt, district: d.district, category: d.category, title: d.title ? redactPersonal(d.title, reporters) : null, text: redactPersonal(d.content, reporters) })),
      };
    }),
  };
}

/** For a ticket: the drafts (提案 / 社情民意信息) that came from it; members see only their own. */
export async function ticketLineage(prisma: Db, ticketId: string, memberId: string | null) {
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId }, select: { id: true, title: true, status: true, demands: { select: { reporterMasked: true } } } });
  if (!ticket) return null;
  const links = await prisma.draftTicket.findMany({ where: { ticketId, ...(memberId ? { draft: { memberId } } : {}) }, include: { draft: { include: { member: { select: { name: true } } } } } });
  return {
    ticket: { id: ticket.id, title: redactPersonal(ticket.title, ticket.demands.map((d) => d.reporterMasked)), status: ticket.status },
    drafts: links.map(({ draft }) => ({ id: draft.id, kind: draft.kind, status: draft.status, title: draft.title, member: draft.member.name, createdAt: draft.createdAt, submittedAt: draft.submittedAt })),
  };
}
