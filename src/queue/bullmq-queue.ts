import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { RETRY, STAGES, errorMessage, type FailedJob, type JobQueue, type JobSpec, type Processors, type StageCounts, type StageName, stageConcurrency } from './job-queue.ts';

/** BullMQ queues on Redis: one queue per stage, deterministic job ids, failed jobs kept. */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queues: Map<StageName, Queue>;
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(
    redisUrl: string,
    private readonly logger: Logger,
    private readonly prefix = 'lianxin',
    /** Job lock lifetime; stalled jobs (their worker died) are looked for at the same period. */
    private readonly lockMs = 30_000,
  ) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => this.logger.warn({ err: error.message }, 'redis connection error'));
    this.queues = new Map(
      STAGES.map((stage) => [
        stage,
        new Queue(stage, {
          connection: this.connection,
          prefix: this.prefix,
          defaultJobOptions: {
            attempts: RETRY.attempts,
            backoff: { type: 'exponential', delay: RETRY.backoffMs },
            removeOnComplete: { age: 3600, count: 10_000 },
            removeOnFail: false,
          },
        }),
      ]),
    );
    // while Redis restarts every client reports connection errors; ioredis reconnects by itself
    for (const [stage, queue] of this.queues) queue.on('error', (error) => this.logger.warn({ stage, err: error.message }, 'queue error'));
  }

  async add(jobs: JobSpec[]): Promise<void> {
    const byStage = new Map<StageName, JobSpec[]>();
    for (const job of jobs) byStage.set(job.stage, [...(byStage.get(job.stage) ?? []), job]);
    await Promise.all(
      [...byStage].map(([stage, specs]) => this.queues.get(stage)!.addBulk(specs.map((s) => ({ name: stage, data: s.data, opts: { jobId: s.jobId } })))),
    );
  }

  async startWorkers(processors: Processors, concurrency: number, stages: readonly StageName[] = STAGES): Promise<void> {
    for (const stage of stages) {
      const connection = this.connection.duplicate();
      this.workerConnections.push(connection);
      const worker = new Worker(stage, async (job) => processors[stage](job.data, { queuedAt: job.timestamp }), {
        connection,
        prefix: this.prefix,
        concurrency: stageConcurrency(stage, concurrency),
        lockDuration: this.lockMs,
        stalledInterval: this.lockMs,
      });
      worker.on('failed', (job, error) => {
        const final = job ? job.attemptsMade >= (job.opts.attempts ?? 1) : true;
        this.logger[final ? 'error' : 'warn']({ stage, jobId: job?.id, attempt: job?.attemptsMade, err: errorMessage(error) }, final ? 'job failed' : 'job attempt failed; retrying');
      });
      worker.on('error', (error) => this.logger.warn({ stage, err: error.message }, 'worker error'));
      this.workers.push(worker);
    }
  }

  async liveWorkers(): Promise<number> {
    // BullMQ names each worker's Redis connection per queue: CLIENT LIST tells which are connected
    try {
      const counts = await Promise.all([...this.queues.values()].map((q) => q.getWorkersCount()));
      return Math.max(0, ...counts);
    } catch (error) {
      // e.g. CLIENT not allowed by the server's ACL: count as alone (a full re-drive is harmless)
      this.logger.warn({ err: errorMessage(error) }, 'cannot list worker connections (CLIENT LIST); assuming no other workers');
      return 0;
    }
  }

  async counts(): Promise<Record<StageName, StageCounts>> {
    const entries = await Promise.all(
      STAGES.map(async (stage) => {
        const c = await this.queues.get(stage)!.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
        return [stage, { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 }] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<StageName, StageCounts>;
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    const lists = await Promise.all(
      STAGES.map(async (stage) =>
        (await this.queues.get(stage)!.getFailed(0, limit - 1)).map((job) => ({
          stage,
          jobId: job.id ?? '',
          attempts: job.attemptsMade,
          error: job.failedReason,
          failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
        })),
      ),
    );
    return lists.flat().sort((a, b) => b.failedAt.localeCompare(a.failedAt)).slice(0, limit);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([this.connection, ...this.workerConnections].map((c) => c.quit().catch(() => undefined)));
  }
}
