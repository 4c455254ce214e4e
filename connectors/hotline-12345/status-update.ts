import { z } from 'zod';
import type { AppContext } from '../../src/app/context.ts';
import { strictDate } from '../../src/ingest/date-field.ts';
import { applyStatusUpdate, STATUS_RANK, type StatusOutcome } from '../../src/status/status-update.ts';
import { HOTLINE_SOURCE } from './work-order.ts';

export const STATUS_FORMAT = 'hotline-status-v1';

/** A handling status the hotline reports for one of its work orders. */
export const hotlineStatusSchema = z.object({
  updateId: z.union([z.string().trim().min(1).max(200), z.number().int()]).transform(String),
  workOrderNo: z.union([z.string().trim().min(1).max(64), z.number().int()]).transform(String),
  status: z.enum(Object.keys(STATUS_RANK) as [string, ...string[]], { error: `status must be one of ${Object.keys(STATUS_RANK).join(', ')}` }),
  occurredAt: strictDate,
  note: z.string().trim().max(2000).nullish(),
});

export class NotYetKnownError extends Error {}

/**
 * Applies a stored hotline status record to the ticket its work order was merged into.
 * When the work order has not reached a ticket yet, it throws NotYetKnownError so the job
 * is retried later (the record stays RECEIVED and the sweep re-drives it).
 */
export async function applyHotlineStatus(ctx: AppContext, payload: string): Promise<{ outcome: StatusOutcome; ticketId: string }> {
  const update = hotlineStatusSchema.parse(JSON.parse(payload));
  const demand = await ctx.prisma.demand.findUnique({
    where: { source_sourceRef: { source: HOTLINE_SOURCE, sourceRef: update.workOrderNo } },
    select: { ticketId: true },
  });
  if (!demand?.ticketId) throw new NotYetKnownError(`work order ${update.workOrderNo} has no ticket yet`);
  const outcome = await applyStatusUpdate(ctx, HOTLINE_SOURCE, demand.ticketId, { updateId: update.updateId, status: update.status, occurredAt: update.occurredAt, note: update.note ?? undefined });
  return { outcome, ticketId: demand.ticketId };
}

export function statusRef(json: unknown): string | undefined {
  const id = (json as { updateId?: unknown } | null)?.updateId;
  return typeof id === 'string' || typeof id === 'number' ? `status-${String(id).slice(0, 190)}` : undefined;
}
