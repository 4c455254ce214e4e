/** The pipeline's queued stages, in order; status-sync delivers the outbox. */
export const STAGES = ['normalise', 'classify', 'merge', 'route', 'push', 'status-sync'] as const;
export type StageName = (typeof STAGES)[number];

export interface JobSpec {
  stage: StageName;
  data: unknown;
  /** Deterministic id: adding a job whose id is already queued is a no-op. No ":" allowed. */
  jobId: string;
}

/** When the job was queued (ms since the epoch; for the stage metrics' queue wait). */
export interface JobMeta {
  queuedAt: number;
}

export type Processor = (data: unknown, meta?: JobMeta) => Promise<void>;
export type Processors = Record<StageName, Processor>;

export interface StageCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface FailedJob {
  stage: StageName;
  jobId: string;
  attempts: number;
  error: string;
  failedAt: string;
}

/** One contract, two engines: in-process (embedded) and BullMQ on Redis. */
export interface JobQueue {
  readonly kind: 'memory' | 'bullmq';
  add(jobs: JobSpec[]): Promise<void>;
  /** Starts processing the given stages (default every stage) with the given processors. */
  startWorkers(processors: Processors, concurrency: number, stages?: readonly StageName[]): Promise<void>;
  counts(): Promise<Record<StageName, StageCounts>>;
  /** Worker connections on these queues now, this process's included (an in-process queue: 1 once started, else 0). */
  liveWorkers(): Promise<number>;
  failed(limit?: number): Promise<FailedJob[]>;
  close(): Promise<void>;
}

/**
 * Jobs of a stage run at once in one process: WORKER_CONCURRENCY, except
 * - status-sync, one at a time (concurrent dispatches in one process share its outbox lease and
 *   would deliver the same events twice — measured by `npm run chaos`);
 * - merge, two at a time: every merge batch takes one global lock, so more would only wait for
 *   it while holding pooled database connections the other stages need (measured: with 8, the
 *   classify stage's two statements took over a second, waiting for a connection); two let one
 *   batch profile its demands while the other holds the lock.
 */
export function stageConcurrency(stage: StageName, concurrency: number): number {
  if (stage === 'status-sync') return 1;
  if (stage === 'merge') return Math.min(2, concurrency);
  return concurrency;
}

/** Retry policy shared by both engines. */
export const RETRY = { attempts: 6, backoffMs: 500 } as const;

export function backoffDelay(attempt: number): number {
  return RETRY.backoffMs * 2 ** Math.max(0, attempt - 1);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
