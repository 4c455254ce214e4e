import { onInterrupt } from './bench-interrupt.ts';

/**
 * Services for benchmarks: DATABASE_URL, REDIS_URL and KAFKA_BROKERS as given, or throwaway
 * local ones started with the test harness (installed from Debian / Maven Central when missing).
 */
export async function ensureBenchServices(needs: Array<'postgres' | 'redis' | 'kafka'>): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  /** The URL variables this call set: unset again when it stops their services. */
  const ours: string[] = [];
  if (needs.includes('postgres') && !process.env.DATABASE_URL) {
    const { startPostgres } = await import('../../test/services/postgres.ts');
    const pg = await startPostgres();
    process.env.DATABASE_URL = pg.url;
    ours.push('DATABASE_URL');
    stops.push(pg.stop);
    started.push(`postgres ${pg.url}`);
  }
  if (needs.includes('redis') && !process.env.REDIS_URL) {
    const { startRedis } = await import('../../test/services/redis.ts');
    const redis = await startRedis();
    process.env.REDIS_URL = redis.url;
    ours.push('REDIS_URL');
    stops.push(redis.stop);
    started.push(`redis ${redis.url}`);
  }
  if (needs.includes('kafka') && !process.env.KAFKA_BROKERS) {
    const { startKafka } = await import('../../test/services/kafka.ts');
    const kafka = await startKafka();
    process.env.KAFKA_BROKERS = kafka.brokers;
    ours.push('KAFKA_BROKERS');
    stops.push(kafka.stop);
    started.push(`kafka ${kafka.brokers}`);
  }
  if (started.length) process.stderr.write(`bench services started: ${started.join(', ')}\n`);
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  const forget = onInterrupt(stopAll);
  return async () => {
    forget();
    await stopAll();
    // the next part of a full run starts its own again instead of calling a stopped server
    for (const name of ours) delete process.env[name];
  };
}
