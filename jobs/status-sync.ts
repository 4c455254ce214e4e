import type { AppContext } from '../src/app/context.ts';
import { sweepJob } from '../src/queue/job-specs.ts';
import { dispatchOutbox, type OutboxSink } from '../src/status/outbox-dispatcher.ts';

/** status-sync: deliver due outbox events (status back to the source systems). */
export const statusSyncProcessor = (ctx: AppContext, sinks: OutboxSink[]) => async (data: unknown) => {
  sweepJob.parse(data);
  await dispatchOutbox(ctx, sinks);
};
