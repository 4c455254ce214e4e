import type { AppContext } from '../src/app/context.ts';
import type { Processors } from '../src/queue/job-queue.ts';
import type { OutboxSink } from '../src/status/outbox-dispatcher.ts';
import { classifyProcessor } from './classify.ts';
import { mergeProcessor } from './merge.ts';
import { normaliseProcessor } from './normalise.ts';
import { pushProcessor } from './push.ts';
import { routeProcessor } from './route.ts';
import { statusSyncProcessor } from './status-sync.ts';

export function createProcessors(ctx: AppContext, sinks: OutboxSink[]): Processors {
  return {
    normalise: normaliseProcessor(ctx),
    classify: classifyProcessor(ctx),
    merge: mergeProcessor(ctx),
    route: routeProcessor(ctx),
    push: pushProcessor(ctx),
    'status-sync': statusSyncProcessor(ctx, sinks),
  };
}
