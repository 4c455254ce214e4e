import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * CPU-heavy loops of a job give the event loop back every `sliceMs` of work, so the replies to
 * other jobs' queries are handled meanwhile. A process runs several jobs at once on one thread;
 * without this a job profiling or classifying a batch (tens of ms) holds up, for instance, the
 * merge transaction of another job, which keeps the merge lock — serialised across every
 * process — for that long.
 */
export class IoYielder {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = 2) {}

  /** Call between items: yields once the current slice has run `sliceMs`. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}

/** `items.map(fn)`, yielding to pending I/O every `sliceMs` of work. */
export async function mapYielding<T, R>(items: readonly T[], fn: (item: T, index: number) => R, sliceMs = 2): Promise<R[]> {
  const yielder = new IoYielder(sliceMs);
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    out.push(fn(items[i]!, i));
    await yielder.maybeYield();
  }
  return out;
}
