import { join } from 'node:path';
import { createProcessors } from '../../jobs/processors.ts';
import { loadOrCreateClassifier } from '../classify/default-classifier.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger, type Logger } from '../logger.ts';
import { BullmqQueue } from '../queue/bullmq-queue.ts';
import { MemoryQueue } from '../queue/memory-queue.ts';
import { exportStageStats, measuredProcessors } from '../queue/stage-metrics.ts';
import { httpCallbackSink, type OutboxSink } from '../status/outbox-dispatcher.ts';
import { KafkaOutboxSink } from '../status/kafka-sink.ts';
import { hotlineKafkaSources } from '../../connectors/hotline-12345/kafka.ts';
import { CppccCallbackSink } from '../../connectors/cppcc/callback-sink.ts';
import { cppccPoller } from '../../connectors/cppcc/poller.ts';
import { mailboxPoller } from '../../connectors/mailbox/poller.ts';
import { messageBoardPoller } from '../../connectors/message-board/poller.ts';
import type { HttpPoller } from '../connectors/http-poller.ts';
import { schedulePoller } from '../connectors/poller-schedule.ts';
import type { AppContext } from './context.ts';
import { resolvePiiSalt } from './secrets.ts';
import { warmUp } from './warm-up.ts';

export interface App {
  ctx: AppContext;
  /** Starts processing every pipeline stage in this process, and the Kafka consumers when configured. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export const modelDir = (config: Config) => join(config.DATA_DIR, 'models');

export function outboxSinks(config: Config): Array<OutboxSink & { close?(): Promise<void> }> {
  return [
    ...(config.STATUS_CALLBACK_URL ? [httpCallbackSink(config.STATUS_CALLBACK_URL)] : []),
    ...(config.KAFKA_BROKERS ? [new KafkaOutboxSink(config.KAFKA_BROKERS.split(','), config.KAFKA_STATUS_OUT_TOPIC, config.KAFKA_CLIENT_ID)] : []),
    ...(config.CPPCC_CALLBACK_URL ? [new CppccCallbackSink(config.CPPCC_CALLBACK_URL, config.CPPCC_TOKEN)] : []),
  ];
}

/** The configured HTTP pollers (领导信箱, 留言板, CPPCC); each polls under a lease, so every process may schedule them. */
export function httpPollers(ctx: AppContext): HttpPoller[] {
  const c = ctx.config;
  const backoff = { maxBackoffMs: c.POLL_MAX_BACKOFF_MS };
  return [
    ...(c.MAILBOX_URL ? [mailboxPoller(ctx, { url: c.MAILBOX_URL, token: c.MAILBOX_TOKEN, pageSize: c.MAILBOX_PAGE_SIZE, ...backoff })] : []),
    ...(c.MESSAGE_BOARD_URL ? [messageBoardPoller(ctx, { url: c.MESSAGE_BOARD_URL, token: c.MESSAGE_BOARD_TOKEN, pageSize: c.MESSAGE_BOARD_PAGE_SIZE, ...backoff })] : []),
    ...(c.CPPCC_URL ? [cppccPoller(ctx, { url: c.CPPCC_URL, token: c.CPPCC_TOKEN, pageSize: c.CPPCC_PAGE_SIZE, ...backoff })] : []),
  ];
}

/**
 * Wires one process: database (PostgreSQL or embedded PGlite, migrated), queue (BullMQ
 * with REDIS_URL, else in-process), classifier, logger. Nothing is started yet.
 */
export async function createApp(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  try {
    const piiSalt = await resolvePiiSalt(database.prisma, config.PII_SALT);
    const classifier = await loadOrCreateClassifier(modelDir(config), (message) => logger.warn(message));
    const queue = config.REDIS_URL ? new BullmqQueue(config.REDIS_URL, logger, config.QUEUE_PREFIX, config.WORKER_LOCK_MS) : new MemoryQueue(logger);
    const ctx: AppContext = { config, database, prisma: database.prisma, queue, logger, piiSalt, classifier: { current: classifier } };
    const sinks = outboxSinks(config);
    const sources = config.KAFKA_BROKERS ? hotlineKafkaSources(ctx) : [];
    const pollers = httpPollers(ctx);
    let pollSchedules: Array<{ stop(): Promise<void> }> = [];
    let stopMetrics = () => undefined as void;
    return {
      ctx,
      async startWorkers() {
        const warmed = await warmUp(ctx, config.WORKER_STAGES);
        logger.debug({ warmed }, 'warmed up');
        await queue.startWorkers(measuredProcessors(createProcessors(ctx, sinks)), config.WORKER_CONCURRENCY, config.WORKER_STAGES);
        if (config.LIANXIN_METRICS_FILE) stopMetrics = exportStageStats(config.LIANXIN_METRICS_FILE);
        await Promise.all(sources.map((s) => s.start()));
        pollSchedules = pollers.map((p) => schedulePoller(ctx, p, { cron: config.POLL_SCHEDULE }));
      },
      async close() {
        await Promise.all(pollSchedules.map((s) => s.stop().catch(() => undefined)));
        await Promise.all(sources.map((s) => s.stop().catch(() => undefined)));
        await queue.close();
        stopMetrics();
        await Promise.all(sinks.map((s) => s.close?.().catch(() => undefined)));
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
