import { describe, expect, it } from 'vitest';
import { NormaliseBatcher } from '../../src/ingest/normalise-batcher.ts';
import { NORMALISE_BATCH } from '../../src/queue/job-specs.ts';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('NormaliseBatcher', () => {
  it('gathers the records of calls made within the linger time into one queueing', async () => {
    const calls: string[][] = [];
    const batcher = new NormaliseBatcher(async (batch) => void calls.push(batch), 30);
    await Promise.all([batcher.add(['a']), batcher.add(['b', 'c']), batcher.add(['d'])]);
    expect(calls).toEqual([['a', 'b', 'c', 'd']]);
    await batcher.add(['e']);
    expect(calls).toEqual([['a', 'b', 'c', 'd'], ['e']]);
  });

  it('does not wait for the linger time once a batch is full', async () => {
    const calls: string[][] = [];
    const batcher = new NormaliseBatcher(async (batch) => void calls.push(batch), 60_000);
    const small = batcher.add(['first']);
    const started = Date.now();
    await Promise.all([small, batcher.add(ids('r', NORMALISE_BATCH))]);
    expect(Date.now() - started).toBeLessThan(30_000); // far below the linger: flushed by size
    expect(calls).toEqual([['first', ...ids('r', NORMALISE_BATCH)]]);
  });

  it('queues every call at once with a linger of 0', async () => {
    const calls: string[][] = [];
    const batcher = new NormaliseBatcher(async (batch) => void calls.push(batch), 0);
    await Promise.all([batcher.add(['a']), batcher.add(['b'])]);
    expect(calls).toEqual([['a'], ['b']]);
  });

  it('rejects every caller of a failed queueing, and queues later calls anew', async () => {
    let fail = true;
    const calls: string[][] = [];
    const batcher = new NormaliseBatcher(async (batch) => {
      if (fail) throw new Error('redis down');
      calls.push(batch);
    }, 10);
    const results = await Promise.allSettled([batcher.add(['a']), batcher.add(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await batcher.add(['c']);
    expect(calls).toEqual([['c']]);
  });
});
