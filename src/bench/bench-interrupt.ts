/**
 * What an interrupted bench must not leave running: the worker processes it spawned and the
 * services it started. Without this, Ctrl-C or a SIGTERM ends the bench process alone, and its
 * `lianxin worker` children, PostgreSQL, Redis and Kafka keep running (and keep loading the
 * machine the next measurement runs on). The signal handlers are installed only while something
 * is registered, so a process that runs a bench part inside it (the chaos test under vitest)
 * gets its own signal handling back afterwards.
 */
type Cleanup = () => Promise<unknown> | unknown;

const cleanups = new Set<Cleanup>();
const SIGNALS = [['SIGINT', 130], ['SIGTERM', 143]] as const;

function interrupted(signal: NodeJS.Signals): void {
  const code = SIGNALS.find(([s]) => s === signal)![1];
  process.stderr.write(`bench interrupted (${signal}): stopping its worker processes and services\n`);
  void Promise.allSettled([...cleanups].map(async (c) => c())).finally(() => process.exit(code));
}

/** Runs `cleanup` if the bench is interrupted; returns the function that forgets it again. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) for (const [signal] of SIGNALS) process.on(signal, interrupted);
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) for (const [signal] of SIGNALS) process.off(signal, interrupted);
  };
}
