import type { Logger } from '../logger.ts';
import { RETRY, STAGES, backoffDelay, errorMessage, type FailedJob, type JobQueue, type JobSpec, type Processors, type StageCounts, type StageName, stageConcurrency } from './job-queue.ts';

interface Entry {
  spec: JobSpec;
  attempts: number;
  queuedAt: number;
}

const MAX_FAILED_KEPT = 1000;

/**
 * In-process queue for the embedded mode (one process, like n8n's regular mode).
 * Nothing here is durable: the database is, and unfinished work is re-driven from it at
 * start (see src/app/redrive.ts), so losing this queue on a crash loses no work.
 */
export class MemoryQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private readonly waiting = new Map<StageName, Entry[]>(STAGES.map((s) => [s, []]));
  private readonly known = new Set<string>();
  private readonly active = new Map<StageName, number>(STAGES.map((s) => [s, 0]));
  private readonly delayed = new Map<StageName, number>(STAGES.map((s) => [s, 0]));
  private readonly completed = new Map<StageName, number>(STAGES.map((s) => [s, 0]));
  private readonly failedJobs: FailedJob[] = [];
  private processors?: Processors;
  private concurrency = 1;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly logger: Logger) {}

  async add(jobs: JobSpec[]): Promise<void> {
    for (const spec of jobs) {
      const key = `${spec.stage}/${spec.jobId}`;
      if (this.known.has(key)) continue;
      this.known.add(key);
      this.waiting.get(spec.stage)!.push({ spec, attempts: 0, queuedAt: Date.now() });
    }
    this.pump();
  }

  async startWorkers(processors: Processors, concurrency: number): Promise<void> {
    this.processors = processors;
    this.concurrency = concurrency;
    this.pump();
  }

  /** Resolves when nothing is waiting, delayed or running (tests, import, eval). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async liveWorkers(): Promise<number> {
    return this.processors ? 1 : 0;
  }

  async counts(): Promise<Record<StageName, StageCounts>> {
    const failedBy = (s: StageName) => this.failedJobs.filter((f) => f.stage === s).length;
    return Object.fromEntries(
      STAGES.map((s) => [s, { waiting: this.waiting.get(s)!.length, active: this.active.get(s)!, delayed: this.delayed.get(s)!, failed: failedBy(s), completed: this.completed.get(s)! }]),
    ) as Record<StageName, StageCounts>;
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    return this.failedJobs.slice(-limit).reverse();
  }

  async close(): Promise<void> {
    this.closed = true;
    while ([...this.active.values()].some((n) => n > 0)) await new Promise((r) => setTimeout(r, 10));
  }

  private isIdle(): boolean {
    return STAGES.every((s) => this.waiting.get(s)!.length === 0 && this.active.get(s) === 0 && this.delayed.get(s) === 0);
  }

  private pump(): void {
    if (!this.processors || this.closed) return;
    // later stages first, so work in flight finishes before new work starts
    for (const stage of [...STAGES].reverse()) {
      const queue = this.waiting.get(stage)!;
      while (queue.length > 0 && this.active.get(stage)! < stageConcurrency(stage, this.concurrency)) {
        this.run(stage, queue.shift()!);
      }
    }
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private run(stage: StageName, entry: Entry): void {
    this.active.set(stage, this.active.get(stage)! + 1);
    entry.attempts += 1;
    const key = `${stage}/${entry.spec.jobId}`;
    this.processors![stage](entry.spec.data, { queuedAt: entry.queuedAt })
      .then(() => {
        this.known.delete(key);
        this.completed.set(stage, this.completed.get(stage)! + 1);
      })
      .catch((error: unknown) => this.retryOrFail(stage, entry, key, error))
      .finally(() => {
        this.active.set(stage, this.active.get(stage)! - 1);
        setImmediate(() => this.pump());
      });
  }

  private retryOrFail(stage: StageName, entry: Entry, key: string, error: unknown): void {
    const message = errorMessage(error);
    if (entry.attempts < RETRY.attempts && !this.closed) {
      this.delayed.set(stage, this.delayed.get(stage)! + 1);
      setTimeout(() => {
        this.delayed.set(stage, this.delayed.get(stage)! - 1);
        this.waiting.get(stage)!.push(entry);
        this.pump();
      }, backoffDelay(entry.attempts)).unref();
      return;
    }
    this.known.delete(key);
    this.failedJobs.push({ stage, jobId: entry.spec.jobId, attempts: entry.attempts, error: message, failedAt: new Date().toISOString() });
    if (this.failedJobs.length > MAX_FAILED_KEPT) this.failedJobs.shift();
    this.logger.error({ stage, jobId: entry.spec.jobId, attempts: entry.attempts, err: message }, 'job failed; will be re-driven from the database at the next sweep');
  }
}
