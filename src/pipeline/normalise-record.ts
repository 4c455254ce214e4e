import type { AppContext } from '../app/context.ts';
import { describeError, toDemandInput } from '../ingest/record-formats.ts';
import { buildDemand } from './build-demand.ts';
import { classifyNew } from './classify-demand.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { applyHotlineStatus, NotYetKnownError, STATUS_FORMAT } from '../../connectors/hotline-12345/status-update.ts';
import { applyMailboxReply, REPLY_FORMAT as MAILBOX_REPLY_FORMAT } from '../../connectors/mailbox/reply-status.ts';
import { applyBoardReply, BOARD_REPLY_FORMAT } from '../../connectors/message-board/reply-status.ts';
import type { StatusOutcome } from '../status/status-update.ts';

type StatusApplier = (ctx: AppContext, payload: string) => Promise<{ outcome: StatusOutcome; ticketId: string }>;

/** Formats whose records are status updates of an earlier demand, and how each is applied. */
const STATUS_APPLIERS: Record<string, StatusApplier> = {
  [STATUS_FORMAT]: applyHotlineStatus,
  [MAILBOX_REPLY_FORMAT]: applyMailboxReply,
  [BOARD_REPLY_FORMAT]: applyBoardReply,
};

export const isStatusFormat = (format: string): boolean => format in STATUS_APPLIERS;

export type NormaliseResult =
  | { outcome: 'accepted'; demandId: string; stage: string }
  | { outcome: 'status'; ticketId: string | null }
  | { outcome: 'quarantined'; reason: string }
  | { outcome: 'missing' };

/**
 * RawRecord → Demand. A record that does not parse is quarantined with the reason; a
 * record for a (source, sourceRef) already known joins the existing demand (replays and
 * at-least-once deliveries add nothing). Safe to run any number of times.
 */
export async function normaliseRecord(ctx: AppContext, rawRecordId: string): Promise<NormaliseResult> {
  const { prisma } = ctx;
  const raw = await prisma.rawRecord.findUnique({ where: { id: rawRecordId } });
  if (!raw) return { outcome: 'missing' };
  if (raw.state === 'QUARANTINED') return { outcome: 'quarantined', reason: raw.error ?? '' };
  const applier = STATUS_APPLIERS[raw.format];
  if (applier) return statusRecord(ctx, raw, applier);
  if (raw.state === 'ACCEPTED' && raw.demandId) {
    const demand = await prisma.demand.findUnique({ where: { id: raw.demandId }, select: { stage: true } });
    if (demand) return { outcome: 'accepted', demandId: raw.demandId, stage: demand.stage };
  }

  let data: ReturnType<typeof buildDemand>;
  try {
    data = buildDemand(toDemandInput(raw.format, raw.payload, raw), ctx.piiSalt);
  } catch (error) {
    const reason = describeError(error);
    await prisma.rawRecord.update({ where: { id: raw.id }, data: { state: 'QUARANTINED', error: reason } });
    ctx.logger.warn({ rawRecordId: raw.id, source: raw.source, reason }, 'record quarantined');
    return { outcome: 'quarantined', reason };
  }

  const demand = await createOrFind(ctx, raw.id, data);
  await prisma.rawRecord.update({ where: { id: raw.id }, data: { state: 'ACCEPTED', demandId: demand.id, error: null } });
  return { outcome: 'accepted', demandId: demand.id, stage: demand.stage };
}

/** A status update stored as a record: applied to its ticket, or retried until the work order has one. */
async function statusRecord(ctx: AppContext, raw: { id: string; payload: string; state: string }, apply: StatusApplier): Promise<NormaliseResult> {
  if (raw.state === 'ACCEPTED') return { outcome: 'status', ticketId: null };
  try {
    const result = await apply(ctx, raw.payload);
    await ctx.prisma.rawRecord.update({ where: { id: raw.id }, data: { state: 'ACCEPTED', error: null } });
    return { outcome: 'status', ticketId: result.outcome === 'applied' ? result.ticketId : null };
  } catch (error) {
    if (error instanceof NotYetKnownError) throw error;
    const reason = describeError(error);
    await ctx.prisma.rawRecord.update({ where: { id: raw.id }, data: { state: 'QUARANTINED', error: reason } });
    return { outcome: 'quarantined', reason };
  }
}

async function createOrFind(ctx: AppContext, rawRecordId: string, data: ReturnType<typeof buildDemand>) {
  const key = { source_sourceRef: { source: data.source, sourceRef: data.sourceRef } };
  const existing = await ctx.prisma.demand.findUnique({ where: key, select: { id: true, stage: true } });
  if (existing) return existing;
  try {
    // classified before it is stored, so it waits at MERGE (as in the batched path)
    const [classified] = await classifyNew(ctx, [{ ...data, title: data.title ?? null, sourceCategory: data.sourceCategory ?? null }]);
    return await ctx.prisma.demand.create({ data: { ...data, ...classified!, rawRecordId, stage: 'MERGE' }, select: { id: true, stage: true } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // a concurrent worker stored the same (source, sourceRef) first
    return ctx.prisma.demand.findUniqueOrThrow({ where: key, select: { id: true, stage: true } });
  }
}
