import type { AppContext } from '../app/context.ts';
import { classifyJobSpec, mergeJobSpec, pushJobSpec, routeJobSpec } from './job-specs.ts';

/** Queues whatever a demand needs next, from its stage in the database (idempotent). */
export async function continueDemand(ctx: AppContext, demandId: string): Promise<void> {
  const demand = await ctx.prisma.demand.findUnique({ where: { id: demandId }, select: { stage: true, ticket: { select: { id: true, version: true } } } });
  if (!demand) return;
  if (demand.stage === 'CLASSIFY') return ctx.queue.add([classifyJobSpec(demandId)]);
  if (demand.stage === 'MERGE') return ctx.queue.add([mergeJobSpec(demandId)]);
  if (demand.stage === 'ROUTE' && demand.ticket) return continueTicket(ctx, demand.ticket.id, demand.ticket.version);
}

/** The next job of each demand whose stage is known already (one queue round-trip for a batch). */
export async function continueAccepted(ctx: AppContext, demands: Array<{ demandId: string; stage: string }>): Promise<void> {
  const specs = demands.flatMap((d) => (d.stage === 'CLASSIFY' ? [classifyJobSpec(d.demandId)] : d.stage === 'MERGE' ? [mergeJobSpec(d.demandId)] : []));
  if (specs.length > 0) await ctx.queue.add(specs);
  for (const d of demands) if (d.stage === 'ROUTE') await continueDemand(ctx, d.demandId);
}

export async function continueTicket(ctx: AppContext, ticketId: string, version: number): Promise<void> {
  await ctx.queue.add([routeJobSpec(ticketId, version)]);
}

export async function continuePush(ctx: AppContext, ticketId: string, version: number): Promise<void> {
  await ctx.queue.add([pushJobSpec(ticketId, version)]);
}

/** Re-routes a ticket at its current version (e.g. after a status change). */
export async function continueTicketNow(ctx: AppContext, ticketId: string): Promise<void> {
  const ticket = await ctx.prisma.ticket.findUnique({ where: { id: ticketId }, select: { version: true } });
  if (ticket) await continueTicket(ctx, ticketId, ticket.version);
}
