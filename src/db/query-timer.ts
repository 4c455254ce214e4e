import { AsyncLocalStorage } from 'node:async_hooks';

/** Database time of the current unit of work (a queue job), summed by the driver wrappers. */
export interface DbClock {
  ms: number;
  queries: number;
}

const current = new AsyncLocalStorage<DbClock>();

/** Runs fn with a fresh database clock; returns its result and the time spent in queries. */
export async function withDbClock<T>(fn: () => Promise<T>): Promise<{ result: T; db: DbClock }> {
  const clock: DbClock = { ms: 0, queries: 0 };
  const result = await current.run(clock, fn);
  return { result, db: clock };
}

/** Wraps a query function so its time is added to the clock of the job that called it. */
export function timedQuery<A extends unknown[], R>(query: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    const clock = current.getStore();
    const out = query(...args);
    if (!clock || !(out instanceof Promise)) return out;
    const started = performance.now();
    clock.queries += 1;
    const done = () => {
      clock.ms += performance.now() - started;
    };
    out.then(done, done);
    return out;
  };
}
