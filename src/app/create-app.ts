import { join } from 'node:path';
import { createProcessors } from '../../jobs/processors.ts';
import { loadOrCreateClassifier } from '../classify/default-classifier.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger, type Logger } from '../logger.ts';
import { BullmqQueue } from '../queue/bullmq-queue.ts';
import { MemoryQueue } from '../queue/memory-queue.ts';
import { httpCallbackSink, type OutboxSink } from '../status/outbox-dispatcher.ts';
import type { AppContext } from './context.ts';
import { resolvePiiSalt } from './secrets.ts';

export interface App {
  ctx: AppContext;
  /** Starts processing every pipeline stage in this process. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export const modelDir = (config: Config) => join(config.DATA_DIR, 'models');

export function outboxSinks(config: Config): OutboxSink[] {
  return config.STATUS_CALLBACK_URL ? [httpCallbackSink(config.STATUS_CALLBACK_URL)] : [];
}

/**
 * Wires one process: database (PostgreSQL or embedded PGlite, migrated), queue (BullMQ
 * with REDIS_URL, else in-process), classifier, logger. Nothing is started yet.
 */
export async function createApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const piiSalt = await resolvePiiSalt(database.prisma, config.PII_SALT);
    const classifier = await loadOrCreateClassifier(modelDir(config), (message) => logger.warn(message));
    const queue = config.REDIS_URL ? new BullmqQueue(config.REDIS_URL, logger, config.QUEUE_PREFIX) : new MemoryQueue(logger);
    const ctx: AppContext = { config, database, prisma: database.prisma, queue, logger, piiSalt, classifier: { current: classifier } };
    return {
      ctx,
      startWorkers: () => queue.startWorkers(createProcessors(ctx, outboxSinks(config)), config.WORKER_CONCURRENCY),
      async close() {
        await queue.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
