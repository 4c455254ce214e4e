import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { InboxState } from '../generated/prisma/client.ts';
import { createDraftFromTicket } from '../drafts/draft-store.ts';

const optionalNote = z.string().trim().max(2000).optional();

export const memberActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('read'), note: optionalNote }),
  z.strictObject({ action: z.literal('follow'), note: optionalNote }),
  z.strictObject({ action: z.literal('unfollow'), note: optionalNote }),
  z.strictObject({ action: z.literal('comment'), note: z.string().trim().min(1, '备注不能为空').max(2000) }),
  z.strictObject({ action: z.literal('dismiss'), note: z.string().trim().min(1, '忽略需要填写理由').max(2000) }),
  z.strictObject({ action: z.literal('adopt'), kind: z.enum(['proposal', 'social-report']), note: optionalNote }),
]);

export type MemberAction = z.infer<typeof memberActionSchema>;

/** What the source systems are told (状态回传), per action. */
export const ACTION_LABELS: Record<string, string> = {
  read: '已阅',
  follow: '关注',
  unfollow: '取消关注',
  comment: '委员备注',
  dismiss: '委员不予采纳',
  'adopt:proposal': '形成提案',
  'adopt:social-report': '形成社情民意',
};

export class ActionError extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

function nextState(current: InboxState, action: MemberAction): InboxState {
  const closed = current === 'ADOPTED' || current === 'DISMISSED';
  switch (action.action) {
    case 'read':
      return current === 'NEW' ? 'READ' : current;
    case 'follow':
      if (closed) throw new ActionError(409, '该诉求已处理，不能再关注');
      return 'FOLLOWING';
    case 'unfollow':
      return current === 'FOLLOWING' ? 'READ' : current;
    case 'comment':
      return current === 'NEW' ? 'READ' : current;
    case 'dismiss':
      if (current === 'ADOPTED') throw new ActionError(409, '已采纳的诉求不能忽略');
      return 'DISMISSED';
    case 'adopt':
      if (current === 'ADOPTED') throw new ActionError(409, '该诉求已采纳');
      return 'ADOPTED';
  }
}

/**
 * Applies a member's action to one of the member's own inbox items. The action, the
 * audit record and the outbox event for the source systems are written in one
 * transaction, so the status goes back exactly when the action happened. Adopting
 * creates the prefilled 提案 / 社情民意信息 draft in the same transaction.
 */
export async function applyMemberAction(ctx: AppContext, memberId: string, itemId: string, action: MemberAction) {
  return ctx.prisma.$transaction(async (tx) => {
    // scoped by member: another member's id is indistinguishable from a missing one
    const item = await tx.inboxItem.findFirst({ where: { id: itemId, memberId, pushedAt: { not: null } } });
    if (!item) throw new ActionError(404, '未找到该诉求');
    const state = nextState(item.state, action);
    const kind = action.action === 'adopt' ? action.kind : null;
    const note = action.note || null;
    // seen: the ticket as it is now (what the member's view showed)
    const { version } = await tx.ticket.findUniqueOrThrow({ where: { id: item.ticketId }, select: { version: true } });
    const updated = await tx.inboxItem.update({
      where: { id: item.id },
      data: { state, seenVersion: version, ...(note ? { note } : {}) },
    });
    const record = await tx.inboxAction.create({ data: { inboxItemId: item.id, memberId, action: action.action, kind, note } });
    const label = ACTION_LABELS[kind ? `adopt:${kind}` : action.action]!;
    await tx.outbox.create({
      data: {
        eventType: 'member.action',
        aggregateId: item.ticketId,
        idempotencyKey: `member-action-${record.id}`,
        payload: { ticketId: item.ticketId, action: action.action, kind, label, memberId, occurredAt: record.createdAt.toISOString() },
      },
    });
    await tx.auditLog.create({
      data: { actor: `member:${memberId}`, action: `inbox.${action.action}`, entity: 'InboxItem', entityId: item.id, before: { state: item.state }, after: { state, kind }, reason: note },
    });
    const draft = action.action === 'adopt' ? await createDraftFromTicket(tx, memberId, item.id, item.ticketId, action.kind) : null;
    return { item: updated, draft };
  });
}
