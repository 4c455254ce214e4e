import type { AppContext } from '../src/app/context.ts';
import { routeTicket } from '../src/pipeline/route-ticket.ts';
import { ticketJob } from '../src/queue/job-specs.ts';
import { continuePush } from '../src/queue/continue-work.ts';

/** route: decide which members' inboxes get the ticket, then push. */
export const routeProcessor = (ctx: AppContext) => async (data: unknown) => {
  const { ticketId } = ticketJob.parse(data);
  const routed = await routeTicket(ctx, ticketId);
  if (routed) await continuePush(ctx, ticketId, routed.version);
};
