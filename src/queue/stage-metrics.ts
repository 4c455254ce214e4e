import { writeFileSync } from 'node:fs';
import { withDbClock } from '../db/query-timer.ts';
import { STAGES, type JobMeta, type Processors, type StageName } from './job-queue.ts';

/** Per-stage job counts and times of this process (benchmarks; cheap enough to stay on). */
export interface StageStats {
  jobs: number;
  failed: number;
  totalMs: number;
  dbMs: number;
  queries: number;
  maxMs: number;
  /** Summed time jobs waited in the queue before they started (from queueing; retries included). */
  waitMs: number;
  /** Job durations, a bounded reservoir for percentiles. */
  samples: number[];
}

const RESERVOIR = 4096;
const stats = new Map<StageName, StageStats>(STAGES.map((s) => [s, emptyStats()]));

function emptyStats(): StageStats {
  return { jobs: 0, failed: 0, totalMs: 0, dbMs: 0, queries: 0, maxMs: 0, waitMs: 0, samples: [] };
}

function record(stage: StageName, ms: number, dbMs: number, queries: number, ok: boolean, waitMs: number): void {
  const s = stats.get(stage)!;
  s.jobs += 1;
  s.waitMs += waitMs;
  if (!ok) s.failed += 1;
  s.totalMs += ms;
  s.dbMs += dbMs;
  s.queries += queries;
  s.maxMs = Math.max(s.maxMs, ms);
  if (s.samples.length < RESERVOIR) s.samples.push(ms);
  else s.samples[Math.floor(Math.random() * s.jobs) % RESERVOIR] = ms;
}

/**
 * A stage's work done inside another stage's job (new demands are classified by the normalise
 * job): counted as one job of `stage`, with its own time; the enclosing job's time includes it.
 */
export function recordInlineStage(stage: StageName, ms: number): void {
  record(stage, ms, 0, 0, true, 0);
}

/** The same processors, timing each job (wall time and database time of its queries). */
export function measuredProcessors(processors: Processors): Processors {
  return Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      async (data: unknown, meta?: JobMeta) => {
        const waited = meta ? Math.max(0, Date.now() - meta.queuedAt) : 0;
        const started = performance.now();
        let ok = false;
        let db = { ms: 0, queries: 0 };
        try {
          db = (await withDbClock(() => processors[stage](data, meta))).db;
          ok = true;
        } finally {
          record(stage, performance.now() - started, db.ms, db.queries, ok, waited);
        }
      },
    ]),
  ) as Processors;
}

export function stageStats(): Record<StageName, StageStats> {
  return Object.fromEntries([...stats].map(([k, v]) => [k, { ...v, samples: [...v.samples] }])) as Record<StageName, StageStats>;
}

export function resetStageStats(): void {
  for (const stage of STAGES) stats.set(stage, emptyStats());
}

/** Writes this process's stage stats to `file` every second (LIANXIN_METRICS_FILE, for benchmarks). */
export function exportStageStats(file: string): () => void {
  const write = () => writeFileSync(file, JSON.stringify({ pid: process.pid, stages: stageStats() }));
  // at once too: the file's existence tells a benchmark that this process takes jobs
  write();
  const timer = setInterval(write, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    write();
  };
}
