import { z } from 'zod';
import type { AppContext } from '../src/app/context.ts';
import { pushTicket } from '../src/pipeline/push-inbox.ts';
import { ticketJob } from '../src/queue/job-specs.ts';

const pushJob = ticketJob.extend({ batch: z.boolean().optional() });

/** push: deliver the ticket's inbox items (hot at once, the rest in scheduled batches) within daily limits. */
export const pushProcessor = (ctx: AppContext) => async (data: unknown) => {
  const { ticketId, batch } = pushJob.parse(data);
  await pushTicket(ctx, ticketId, { batch: batch ?? false });
};
