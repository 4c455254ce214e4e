import type { AppContext } from '../app/context.ts';
import type { JobSpec } from './job-queue.ts';
import { demandBatchSpec, ticketBatchSpec, type TicketVersion } from './job-specs.ts';

/** Demands per classify / merge job, and tickets per route / push job. */
export const DEMAND_BATCH = 50;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Queues whatever a demand needs next, from its stage in the database (idempotent). */
export async function continueDemand(ctx: AppContext, demandId: string): Promise<void> {
  const demand = await ctx.prisma.demand.findUnique({ where: { id: demandId }, select: { stage: true } });
  if (demand) await continueAccepted(ctx, [{ demandId, stage: demand.stage }]);
}

/** The next jobs of demands whose stage is known already: one job per batch and stage. */
export async function continueAccepted(ctx: AppContext, demands: Array<{ demandId: string; stage: string }>): Promise<void> {
  const at = (stage: string) => demands.filter((d) => d.stage === stage).map((d) => d.demandId);
  await continueClassify(ctx, at('CLASSIFY'));
  await continueMerge(ctx, at('MERGE'));
  await continueRouted(ctx, at('ROUTE'));
}

export const continueClassify = (ctx: AppContext, demandIds: string[]) => queueBatches(ctx, demandIds, (ids) => demandBatchSpec('classify', ids));
export const continueMerge = (ctx: AppContext, demandIds: string[]) => queueBatches(ctx, demandIds, (ids) => demandBatchSpec('merge', ids));

/** Queues one job per DEMAND_BATCH items (nothing for none). */
async function queueBatches<T>(ctx: AppContext, items: T[], spec: (batch: T[]) => JobSpec[]): Promise<void> {
  const specs = chunks(items, DEMAND_BATCH).flatMap(spec);
  if (specs.length > 0) await ctx.queue.add(specs);
}

/** Route jobs for the tickets of demands at ROUTE, at the tickets' current versions (one read). */
export async function continueRouted(ctx: AppContext, demandIds: string[]): Promise<void> {
  if (demandIds.length === 0) return;
  const tickets = await ctx.database.query<{ id: string; version: number }>(
    `SELECT DISTINCT t.id, t.version FROM "Demand" AS d JOIN "Ticket" AS t ON t.id = d."ticketId"
     WHERE d.id = ANY($1::text[]) AND d.stage = 'ROUTE'`,
    [demandIds],
  );
  await continueTickets(ctx, tickets.map((t) => ({ ticketId: t.id, version: t.version })));
}

export const continueTickets = (ctx: AppContext, tickets: TicketVersion[]) => queueBatches(ctx, tickets, (batch) => ticketBatchSpec('route', batch));
export const continuePushes = (ctx: AppContext, tickets: TicketVersion[]) => queueBatches(ctx, tickets, (batch) => ticketBatchSpec('push', batch));

export async function continueTicket(ctx: AppContext, ticketId: string, version: number): Promise<void> {
  await continueTickets(ctx, [{ ticketId, version }]);
}

/** Re-routes a ticket at its current version (e.g. after a status change). */
export async function continueTicketNow(ctx: AppContext, ticketId: string): Promise<void> {
  const ticket = await ctx.prisma.ticket.findUnique({ where: { id: ticketId }, select: { version: true } });
  if (ticket) await continueTicket(ctx, ticketId, ticket.version);
}
