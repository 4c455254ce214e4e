import { z } from 'zod';
import type { AppContext } from '../src/app/context.ts';
import { pushTickets } from '../src/pipeline/push-tickets.ts';
import { ticketJob, ticketsOf } from '../src/queue/job-specs.ts';

const pushJob = z.union([ticketJob.extend({ batch: z.boolean().optional() }), z.object({ tickets: z.array(ticketJob).min(1), batch: z.boolean().optional() })]);

/** push: deliver the tickets' inbox items (hot at once, the rest in scheduled batches) within daily limits. */
export const pushProcessor = (ctx: AppContext) => async (data: unknown) => {
  const job = pushJob.parse(data);
  await pushTickets(ctx, ticketsOf(job).map((t) => t.ticketId), { batch: job.batch ?? false });
};
