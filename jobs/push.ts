import type { AppContext } from '../src/app/context.ts';
import { pushTicket } from '../src/pipeline/push-inbox.ts';
import { ticketJob } from '../src/queue/job-specs.ts';

/** push: deliver the ticket's inbox items within members' daily limits. */
export const pushProcessor = (ctx: AppContext) => async (data: unknown) => {
  const { ticketId } = ticketJob.parse(data);
  await pushTicket(ctx, ticketId);
};
