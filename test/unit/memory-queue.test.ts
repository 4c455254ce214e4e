import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RETRY, STAGES, type Processors, type StageName } from '../../src/queue/job-queue.ts';
import { MemoryQueue } from '../../src/queue/memory-queue.ts';

const logger = pino({ level: 'silent' });

function recordingProcessors(seen: Array<[StageName, unknown]>, override: Partial<Processors> = {}): Processors {
  const processors = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      async (data: unknown) => {
        seen.push([stage, data]);
      },
    ]),
  ) as Processors;
  return { ...processors, ...override };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryQueue', () => {
  it('runs the jobs of every stage with their data', async () => {
    const queue = new MemoryQueue(logger);
    const seen: Array<[StageName, unknown]> = [];
    await queue.startWorkers(recordingProcessors(seen), 2);
    await queue.add(STAGES.map((stage, i) => ({ stage, jobId: `job-${i}`, data: { n: i } })));
    await queue.whenIdle();
    expect(seen).toHaveLength(STAGES.length);
    expect(new Map(seen)).toEqual(new Map(STAGES.map((stage, i) => [stage, { n: i }])));
    const counts = await queue.counts();
    for (const stage of STAGES) expect(counts[stage]).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 1 });
    await queue.close();
  });

  it('ignores a job whose id is still queued, but not the same id in another stage', async () => {
    const queue = new MemoryQueue(logger);
    await queue.add([
      { stage: 'classify', jobId: 'd1', data: 'first' },
      { stage: 'classify', jobId: 'd1', data: 'second' },
    ]);
    await queue.add([
      { stage: 'classify', jobId: 'd1', data: 'third' },
      { stage: 'merge', jobId: 'd1', data: 'merge' },
    ]);
    expect((await queue.counts()).classify.waiting).toBe(1);
    const seen: Array<[StageName, unknown]> = [];
    await queue.startWorkers(recordingProcessors(seen), 1);
    await queue.whenIdle();
    expect(seen).toEqual(
      expect.arrayContaining([
        ['classify', 'first'],
        ['merge', 'merge'],
      ]),
    );
    expect(seen).toHaveLength(2);
    await queue.close();
  });

  it('runs a job id again once the first run has finished', async () => {
    const queue = new MemoryQueue(logger);
    const seen: Array<[StageName, unknown]> = [];
    await queue.startWorkers(recordingProcessors(seen), 1);
    await queue.add([{ stage: 'route', jobId: 't1', data: 1 }]);
    await queue.whenIdle();
    await queue.add([{ stage: 'route', jobId: 't1', data: 2 }]);
    await queue.whenIdle();
    expect(seen).toEqual([
      ['route', 1],
      ['route', 2],
    ]);
    await queue.close();
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const queue = new MemoryQueue(logger);
    const attemptsAt: number[] = [];
    const seen: Array<[StageName, unknown]> = [];
    await queue.startWorkers(
      recordingProcessors(seen, {
        merge: async () => {
          attemptsAt.push(Date.now());
          if (attemptsAt.length <= 2) throw new Error(`transient ${attemptsAt.length}`);
        },
      }),
      1,
    );
    await queue.add([{ stage: 'merge', jobId: 'flaky', data: null }]);
    await queue.whenIdle();
    expect(attemptsAt).toHaveLength(3);
    // 500 ms, then 1000 ms (allow for timer slack)
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(RETRY.backoffMs - 20);
    expect(attemptsAt[2]! - attemptsAt[1]!).toBeGreaterThanOrEqual(2 * RETRY.backoffMs - 20);
    expect(await queue.failed()).toEqual([]);
    expect((await queue.counts()).merge).toMatchObject({ completed: 1, failed: 0, delayed: 0 });
    await queue.close();
  });

  it('records a job in failed() after the final attempt', async () => {
    vi.useFakeTimers();
    const queue = new MemoryQueue(logger);
    let attempts = 0;
    await queue.startWorkers(
      recordingProcessors([], {
        push: async () => {
          attempts += 1;
          throw new Error('inbox unavailable');
        },
      }),
      1,
    );
    await queue.add([{ stage: 'push', jobId: 'ticket-7', data: null }]);
    let idle = false;
    void queue.whenIdle().then(() => {
      idle = true;
    });
    for (let i = 0; i < 50 && !idle; i++) await vi.advanceTimersByTimeAsync(1000);
    expect(idle).toBe(true);
    expect(attempts).toBe(RETRY.attempts);
    const failed = await queue.failed();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ stage: 'push', jobId: 'ticket-7', attempts: RETRY.attempts, error: 'inbox unavailable' });
    expect((await queue.counts()).push).toMatchObject({ failed: 1, completed: 0, delayed: 0, waiting: 0, active: 0 });
    await queue.close();
  });

  it('whenIdle resolves only after the work is done', async () => {
    const queue = new MemoryQueue(logger);
    let finished = 0;
    await queue.startWorkers(
      recordingProcessors([], {
        normalise: async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          finished += 1;
        },
      }),
      2,
    );
    await queue.add([1, 2, 3].map((n) => ({ stage: 'normalise' as const, jobId: `raw-${n}`, data: n })));
    await queue.whenIdle();
    expect(finished).toBe(3);
    await queue.close();
  });

  it('whenIdle resolves at once for an empty queue', async () => {
    const queue = new MemoryQueue(logger);
    await expect(queue.whenIdle()).resolves.toBeUndefined();
  });
});
