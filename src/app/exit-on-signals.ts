import type { Logger } from '../logger.ts';

/**
 * How a long-running process (`lianxin start`, `lianxin worker`) stops on SIGINT / SIGTERM:
 * `close` (stop taking jobs, finish the running ones, close connections) and exit 0. A close
 * that cannot finish — Redis or PostgreSQL gone for good, so the queue client waits for them
 * forever — ends with exit code 1 at the deadline, instead of a process that never exits and
 * that the next deployment finds still holding its port or its jobs. A second signal exits at once.
 */
export function exitOnSignals(close: () => Promise<void>, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ signal, timeoutMs }, 'shutdown did not finish in time (SHUTDOWN_TIMEOUT_MS): exiting');
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: error.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
