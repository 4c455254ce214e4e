import type { TestProject } from 'vitest/node';
import { startKafka } from './services/kafka.ts';
import { startPostgres } from './services/postgres.ts';
import { startRedis } from './services/redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://host:port of a Redis server the tests may flush. */
    redisUrl: string;
    /** Admin URL of a PostgreSQL server; tests create their own database with createTestDatabase. */
    databaseUrl: string;
    /** Comma-separated host:port list of Kafka brokers, or '' when LIANXIN_TEST_KAFKA=off. */
    kafkaBrokers: string;
  }
}

interface ServiceHandle {
  address: string;
  /** Only for services started here. */
  stop?: () => Promise<void>;
  kill?: () => void;
}

/**
 * Provides real Redis, PostgreSQL and Kafka to the tests: the ones named by REDIS_URL,
 * DATABASE_URL and KAFKA_BROKERS, or else throwaway local ones started here (in parallel)
 * and stopped by the returned teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const results = await Promise.allSettled([
    useOrStart('redis', process.env.REDIS_URL, async () => {
      const { url, stop, kill } = await startRedis();
      return { address: url, stop, kill };
    }),
    useOrStart('postgres', process.env.DATABASE_URL, async () => {
      const { url, stop, kill } = await startPostgres();
      return { address: url, stop, kill };
    }),
    process.env.LIANXIN_TEST_KAFKA === 'off'
      ? skipKafka()
      : useOrStart('kafka', process.env.KAFKA_BROKERS, async () => {
          const { brokers, stop, kill } = await startKafka();
          return { address: brokers, stop, kill };
        }),
  ]);
  const handles = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  // Vitest exits on Ctrl-C/SIGTERM without calling the teardown: kill the services then.
  const killAll = () => handles.forEach((handle) => handle.kill?.());
  process.once('exit', killAll);
  const teardown = async () => {
    process.off('exit', killAll);
    await Promise.all(handles.map((handle) => handle.stop?.()));
  };
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length > 0) {
    await teardown();
    throw new AggregateError(failures, `could not start the test services: ${failures.map(String).join('; ')}`);
  }
  const [redis, postgres, kafka] = handles as [ServiceHandle, ServiceHandle, ServiceHandle];
  project.provide('redisUrl', redis.address);
  project.provide('databaseUrl', postgres.address);
  project.provide('kafkaBrokers', kafka.address);
  return teardown;
}

async function useOrStart(name: string, given: string | undefined, start: () => Promise<ServiceHandle>): Promise<ServiceHandle> {
  if (given) {
    log(`${name}: ${given} (given by the environment)`);
    return { address: given };
  }
  const startedAt = Date.now();
  const handle = await start();
  log(`${name}: ${handle.address} (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  return handle;
}

async function skipKafka(): Promise<ServiceHandle> {
  log('kafka: off (LIANXIN_TEST_KAFKA=off), Kafka tests are skipped');
  return { address: '' };
}

function log(line: string): void {
  process.stderr.write(`[test services] ${line}\n`);
}
