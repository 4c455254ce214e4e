/**
 * What an interrupted bench must not leave running: the worker processes it spawned and the
 * services it started. Without this, Ctrl-C or a SIGTERM ends the bench process alone, and its
 * `lianxin worker` children, PostgreSQL, Redis and Kafka keep running (and keep loading the
 * machine the next measurement runs on).
 */
type Cleanup = () => Promise<unknown> | unknown;

const cleanups = new Set<Cleanup>();
let installed = false;

/** Runs `cleanup` if the bench is interrupted; returns the function that forgets it again. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  if (!installed) {
    installed = true;
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        process.stderr.write(`bench interrupted (${signal}): stopping its worker processes and services\n`);
        void Promise.allSettled([...cleanups].map(async (c) => c())).finally(() => process.exit(code));
      });
    }
  }
  return () => {
    cleanups.delete(cleanup);
  };
}
