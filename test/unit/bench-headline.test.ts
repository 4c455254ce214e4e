import { describe, expect, it } from 'vitest';
import { headline, type PipelineResult } from '../../src/bench/pipeline-bench.ts';

const live = (rate: number, p99Ms: number, sustained = true) => ({ rate, seconds: 10, sent: 0, finished: 0, unfinished: 0, p50Ms: 0, p95Ms: 0, p99Ms, maxMs: 0, sustained });
const run = (config: string, workers: number, demandsPerSec: number, lives: ReturnType<typeof live>[]): PipelineResult => ({
  config, workers, concurrency: 8, load: '', stages: {} as PipelineResult['stages'], peakRssMb: 1, cpu: {} as PipelineResult['cpu'], scheduledBatch: {} as PipelineResult['scheduledBatch'],
  throughput: { demands: 1, demandsPerSec, ingestSeconds: 0, doneSeconds: 0, drainedSeconds: 0, timedOut: false },
  live: lives,
});

describe('bench headline', () => {
  it('gives the best sustained rate and the best p99 at 200/s, each with its own worker count', () => {
    const h = headline([run('redis-postgres-1', 1, 260, [live(200, 3812)]), run('redis-postgres-2', 2, 196, [live(200, 934)])]);
    expect(h.redisPostgres).toMatchObject({ demandsPerSec: 260, workers: 1, p99Ms: 934, p99Workers: 2, sustained200: true });
  });

  it('does not take a p99 from a run that did not sustain 200/s', () => {
    const h = headline([run('redis-postgres-1', 1, 260, [live(200, 800, false)]), run('redis-postgres-2', 2, 196, [live(200, 934)])]);
    expect(h.redisPostgres).toMatchObject({ p99Ms: 934, p99Workers: 2 });
  });
});
