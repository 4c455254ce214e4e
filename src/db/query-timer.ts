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

/**
 * LIANXIN_SQL_PROFILE=1: every statement's time is summed by its text (first 100 characters)
 * and the table printed to stderr at exit — where a run's database time goes.
 */
const profile = process.env.LIANXIN_SQL_PROFILE === '1' ? new Map<string, { n: number; ms: number }>() : undefined;
if (profile) {
  process.on('exit', () => {
    const rows = [...profile].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30);
    process.stderr.write(`SQL profile (statements by total ms):\n${rows.map(([sql, v]) => `${v.ms.toFixed(0).padStart(9)} ms ${String(v.n).padStart(7)}×  ${sql}`).join('\n')}\n`);
  });
}

function statementText(arg: unknown): string {
  const text = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && 'text' in arg ? String((arg as { text: unknown }).text) : String(arg);
  return text.replace(/\s+/g, ' ').slice(0, 100);
}

/** Wraps a query function so its time is added to the clock of the job that called it. */
export function timedQuery<A extends unknown[], R>(query: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    const clock = current.getStore();
    const out = query(...args);
    if ((!clock && !profile) || !(out instanceof Promise)) return out;
    const started = performance.now();
    if (clock) clock.queries += 1;
    const done = () => {
      const ms = performance.now() - started;
      if (clock) clock.ms += ms;
      if (profile) {
        const key = statementText(args[0]);
        const entry = profile.get(key) ?? { n: 0, ms: 0 };
        entry.n += 1;
        entry.ms += ms;
        profile.set(key, entry);
      }
    };
    out.then(done, done);
    return out;
  };
}
