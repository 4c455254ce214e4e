import type { AppContext } from '../src/app/context.ts';
import { routeTickets } from '../src/pipeline/route-ticket.ts';
import { ticketsJob, ticketsOf } from '../src/queue/job-specs.ts';
import { continuePushes } from '../src/queue/continue-work.ts';

/** route: decide which members' inboxes get the tickets, then push. */
export const routeProcessor = (ctx: AppContext) => async (data: unknown) => {
  const tickets = ticketsOf(ticketsJob.parse(data));
  const routed = await routeTickets(ctx, tickets.map((t) => t.ticketId));
  await continuePushes(ctx, routed);
};
