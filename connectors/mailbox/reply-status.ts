import type { AppContext } from '../../src/app/context.ts';
import type { IncomingRecord } from '../../src/ingest/receive-records.ts';
import { applyStatusUpdate, statusUpdateSchema, type StatusOutcome, type StatusUpdate } from '../../src/status/status-update.ts';
import { NotYetKnownError } from '../hotline-12345/status-update.ts';
import { letterSchema, MAILBOX_SOURCE, type Letter } from './letter.ts';

/** A letter with a reply, stored again as a status record: the reply closes the case (已办结). */
export const REPLY_FORMAT = 'mailbox-reply-v1';

/** The status a letter's reply stands for; one update per reply time, so an edited reply is a new update. */
export function replyStatusOf(letter: Letter): StatusUpdate | undefined {
  if (!letter.reply) return undefined;
  const { org, repliedAt } = letter.reply;
  return statusUpdateSchema.parse({ updateId: `reply-${letter.letterId}@${repliedAt}`, status: '已办结', occurredAt: repliedAt, note: `${org}已回复` });
}

/** The status record stored beside a letter that has a reply (payload: the letter as received). */
export function replyRecordsOf(item: Record<string, unknown>): IncomingRecord[] {
  const letter = letterSchema.safeParse(item);
  if (!letter.success || !letter.data.reply) return [];
  return [{ source: `${MAILBOX_SOURCE}-status`, sourceRef: `reply-${letter.data.letterId}@${letter.data.reply.repliedAt}`, format: REPLY_FORMAT, payload: JSON.stringify(item) }];
}

/**
 * Applies a stored reply record to the ticket the letter was merged into; throws
 * NotYetKnownError while the letter has no ticket yet (the record is retried later).
 */
export async function applyMailboxReply(ctx: AppContext, payload: string): Promise<{ outcome: StatusOutcome; ticketId: string }> {
  const letter = letterSchema.parse(JSON.parse(payload));
  const update = replyStatusOf(letter);
  if (!update) throw new Error('the letter has no reply');
  const demand = await ctx.prisma.demand.findUnique({ where: { source_sourceRef: { source: MAILBOX_SOURCE, sourceRef: letter.letterId } }, select: { ticketId: true } });
  if (!demand?.ticketId) throw new NotYetKnownError(`letter ${letter.letterId} has no ticket yet`);
  return { outcome: await applyStatusUpdate(ctx, MAILBOX_SOURCE, demand.ticketId, update), ticketId: demand.ticketId };
}
