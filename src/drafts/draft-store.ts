import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { buildEvidence } from './draft-evidence.ts';
import { DRAFT_KIND_LABEL, draftText, type DraftKind } from './draft-template.ts';
import { draftView } from './draft-view.ts';

type Tx = Prisma.TransactionClient;

export class DraftError extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

export const draftUpdateSchema = z.strictObject({
  title: z.string().trim().min(1, '标题不能为空').max(200).optional(),
  summary: z.string().trim().max(1000).optional(),
  body: z.string().max(50_000).optional(),
});

const withTickets = { tickets: { select: { ticketId: true } } } as const;

/**
 * A new draft (adopt → 提案 / 社情民意信息), prefilled from the ticket and linked to it
 * (DraftTicket, for lineage). Runs inside the adopt action's transaction.
 */
export async function createDraftFromTicket(tx: Tx, memberId: string, inboxItemId: string, ticketId: string, kind: DraftKind) {
  const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: ticketId }, include: { demands: { select: { id: true, channel: true, occurredAt: true, title: true, content: true, reporterMasked: true } } } });
  const evidence = buildEvidence(ticket.demands);
  const text = draftText(kind, ticket, evidence, ticket.demands.map((d) => d.reporterMasked));
  const draft = await tx.draft.create({
    data: { memberId, inboxItemId, kind, ...text, evidence: evidence as unknown as Prisma.InputJsonValue, tickets: { create: [{ ticketId }] } },
    include: withTickets,
  });
  await tx.auditLog.create({ data: { actor: `member:${memberId}`, action: 'draft.create', entity: 'Draft', entityId: draft.id, before: undefined, after: { kind, status: 'DRAFT', ticketIds: [ticketId], title: draft.title } } });
  return draftView(draft);
}

/** A member's own drafts, newest first. */
export async function listDrafts(ctx: AppContext, memberId: string) {
  const drafts = await ctx.prisma.draft.findMany({ where: { memberId }, include: withTickets, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] });
  return drafts.map(draftView);
}

/** One of the member's own drafts; another member's id is indistinguishable from a missing one. */
export async function getDraft(ctx: AppContext, memberId: string, draftId: string) {
  const draft = await ctx.prisma.draft.findFirst({ where: { id: draftId, memberId }, include: withTickets });
  if (!draft) throw new DraftError(404, '未找到该草稿');
  return draftView(draft);
}

export async function updateDraft(ctx: AppContext, memberId: string, draftId: string, input: z.infer<typeof draftUpdateSchema>) {
  return ctx.prisma.$transaction(async (tx) => {
    const draft = await tx.draft.findFirst({ where: { id: draftId, memberId } });
    if (!draft) throw new DraftError(404, '未找到该草稿');
    if (draft.status !== 'DRAFT') throw new DraftError(409, '草稿已提交，不能再修改');
    const updated = await tx.draft.update({ where: { id: draftId }, data: input, include: withTickets });
    const changed = Object.keys(input) as Array<keyof typeof input>;
    await tx.auditLog.create({
      data: { actor: `member:${memberId}`, action: 'draft.update', entity: 'Draft', entityId: draftId, before: Object.fromEntries(changed.map((k) => [k, draft[k]])), after: Object.fromEntries(changed.map((k) => [k, updated[k]])) },
    });
    return draftView(updated);
  });
}

/**
 * Submits a draft (proposal milestone): status SUBMITTED, audited, and one outbox event per
 * ticket behind it, so the source systems learn that their demand became a 提案 / 社情民意信息.
 */
export async function submitDraft(ctx: AppContext, memberId: string, draftId: string, now = new Date()) {
  return ctx.prisma.$transaction(async (tx) => {
    const draft = await tx.draft.findFirst({ where: { id: draftId, memberId }, include: withTickets });
    if (!draft) throw new DraftError(404, '未找到该草稿');
    const moved = await tx.draft.updateMany({ where: { id: draftId, status: 'DRAFT' }, data: { status: 'SUBMITTED', submittedAt: now } });
    if (moved.count === 0) throw new DraftError(409, '草稿已提交');
    const label = `${DRAFT_KIND_LABEL[draft.kind as DraftKind]}已提交`;
    await tx.outbox.createMany({
      data: draft.tickets.map((t) => ({
        eventType: 'draft.submitted',
        aggregateId: t.ticketId,
        idempotencyKey: `draft-submitted-${draftId}-${t.ticketId}`,
        payload: { ticketId: t.ticketId, draftId, kind: draft.kind, label, memberId, occurredAt: now.toISOString() },
      })),
    });
    await tx.auditLog.create({ data: { actor: `member:${memberId}`, action: 'draft.submit', entity: 'Draft', entityId: draftId, before: { status: 'DRAFT' }, after: { status: 'SUBMITTED' } } });
    return draftView(await tx.draft.findUniqueOrThrow({ where: { id: draftId }, include: withTickets }));
  });
}
