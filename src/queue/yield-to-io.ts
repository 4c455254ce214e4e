import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * `items.map(fn)` for CPU-heavy work, giving the event loop back every `sliceMs` of it, so the
 * replies to other jobs' queries are handled meanwhile. A process runs several jobs at once on
 * one thread; without this a job profiling a batch (tens of ms) holds up, for instance, the merge
 * transaction of another job, which keeps the merge lock — serialised across every process —
 * for that long.
 */
export async function mapYielding<T, R>(items: readonly T[], fn: (item: T, index: number) => R, sliceMs = 2): Promise<R[]> {
  const out: R[] = [];
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    out.push(fn(items[i]!, i));
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return out;
}
