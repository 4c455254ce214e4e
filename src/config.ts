import { STAGES, type StageName } from './queue/job-queue.ts';
import { validate as validCron } from 'node-cron';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { error: 'expected one of on/off, true/false, 1/0' })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const url = (protocols: string[]) =>
  z.string().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol.slice(0, -1)), `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`);

const positiveInt = (def: number) => z.coerce.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a positive number').default(def);

/** Every setting of Lianxin, read from the environment (see README, "Configuration"). */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL; unset means embedded PGlite under DATA_DIR. */
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  /** Redis for BullMQ queues; unset means in-process queues. */
  REDIS_URL: url(['redis', 'rediss']).optional(),
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: z
    .string()
    .regex(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, 'expected host:port[,host:port…]')
    .optional(),
  /** Prefix of BullMQ keys in Redis (several deployments may share one Redis). */
  QUEUE_PREFIX: z.string().regex(/^[\w-]+$/, 'expected letters, digits, _ or -').default('lianxin'),
  KAFKA_CLIENT_ID: z.string().min(1).default('lianxin'),
  KAFKA_GROUP_ID: z.string().min(1).default('lianxin'),
  /** 12345 work orders in. */
  KAFKA_WORKORDER_TOPIC: z.string().min(1).default('hotline.workorders'),
  /** Handling statuses in from the hotline (受理, 交办, 办理中, 已办结, 回访…). */
  KAFKA_STATUS_IN_TOPIC: z.string().min(1).default('hotline.status-updates'),
  /** Outbox events out to the hotline (member actions, ticket statuses). */
  KAFKA_STATUS_OUT_TOPIC: z.string().min(1).default('hotline.status'),
  /** Shared secret for HMAC-signed HTTP pushes from the hotline (≥ 32 chars); unset disables them. */
  HOTLINE_PUSH_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /** 领导信箱 API base URL; unset disables the mailbox poller. */
  MAILBOX_URL: url(['http', 'https']).optional(),
  MAILBOX_TOKEN: z.string().min(1).optional(),
  MAILBOX_PAGE_SIZE: positiveInt(100),
  /** 留言板 API base URL (list + detail); unset disables it. */
  MESSAGE_BOARD_URL: url(['http', 'https']).optional(),
  MESSAGE_BOARD_TOKEN: z.string().min(1).optional(),
  MESSAGE_BOARD_PAGE_SIZE: positiveInt(100),
  /** Smart-CPPCC platform opinions API base URL; unset disables it. */
  CPPCC_URL: url(['http', 'https']).optional(),
  /** Bearer token for the CPPCC API and its callback. */
  CPPCC_TOKEN: z.string().min(1).optional(),
  CPPCC_PAGE_SIZE: positiveInt(100),
  /** Outbox events go back to the CPPCC platform here. */
  CPPCC_CALLBACK_URL: url(['http', 'https']).optional(),
  /** node-cron schedule of the sweep that re-drives unfinished work (records, demands, tickets, pushes). */
  SWEEP_SCHEDULE: z.string().refine((v) => validCron(v), 'expected a cron expression').default('*/5 * * * *'),
  /** The sweep leaves work younger than this (ms) to the jobs already queued for it. */
  SWEEP_MIN_AGE_MS: positiveInt(120_000),
  /** node-cron schedule of the HTTP pollers. */
  POLL_SCHEDULE: z.string().refine((v) => validCron(v), 'expected a cron expression').default('*/30 * * * * *'),
  POLL_MAX_BACKOFF_MS: positiveInt(60_000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Salt for hashing reporters' personal data; required in production (≥ 16 chars). */
  PII_SALT: z.string().min(16, 'expected at least 16 characters').optional(),
  /** Password for the built-in "admin" account; printed once if generated. */
  ADMIN_PASSWORD: z.string().min(10, 'expected at least 10 characters').optional(),
  /** Generate demo demands and members on first start. */
  LIANXIN_DEMO: bool.default(true),
  MERGE_WINDOW_DAYS: positiveInt(30),
  /** A closed ticket with new reports within this many days of closing is a rebound (反弹). */
  REBOUND_DAYS: positiveInt(30),
  /** Non-hot tickets in the default routing rules: the scheduled batch (08:30) or at once. */
  INBOX_PUSH_OTHERS: z.enum(['scheduled', 'immediate']).default('scheduled'),
  SESSION_TTL_HOURS: positiveInt(12),
  WORKER_CONCURRENCY: positiveInt(4),
  /** On SIGINT / SIGTERM, how long a process may take to finish its running jobs and close before it exits anyway (code 1). */
  SHUTDOWN_TIMEOUT_MS: positiveInt(30_000),
  /**
   * Redis queues: how long a worker's lock on a running job lasts without renewal (renewed every
   * half of it). A job held by a worker that died (kill -9, lost host) goes back to the queue
   * within about twice this; a job that blocks its process longer than this may run twice
   * (harmless: every stage is idempotent).
   */
  WORKER_LOCK_MS: positiveInt(30_000),
  /**
   * How long a stored record may wait for others before its normalise job is queued (ms; 0: at
   * once). Many single-record ingest calls then travel the pipeline as one batch.
   */
  INGEST_LINGER_MS: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(0, 'expected 0 or more').max(1000, 'expected at most 1000').default(50),
  /**
   * Stages this process works on with Redis (comma-separated; default all). E.g. one process with
   * all stages and others with `normalise,classify,route,push,status-sync`: merge decisions are
   * serialised by one lock anyway, and one merging process keeps one index instead of each
   * process replaying the others' decisions.
   */
  WORKER_STAGES: z
    .string()
    .optional()
    .transform((v, c) => {
      const stages = (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = stages.filter((x) => !(STAGES as readonly string[]).includes(x));
      if (unknown.length > 0) c.addIssue({ code: 'custom', message: `unknown stage ${unknown.join(', ')}; expected some of ${STAGES.join(', ')}` });
      return stages.length > 0 ? (stages as StageName[]) : [...STAGES];
    }),
  /** PostgreSQL connections per process. */
  DATABASE_POOL_SIZE: positiveInt(10),
  /** Benchmarks: this process writes its per-stage job times here every second. */
  LIANXIN_METRICS_FILE: z.string().min(1).optional(),
  /** Where outbox events are POSTed (status back to source systems). */
  STATUS_CALLBACK_URL: url(['http', 'https']).optional(),
  MAX_BODY_BYTES: positiveInt(5 * 1024 * 1024),
  /** Demands classified with a lower confidence than this go to the analysts' review queue. */
  REVIEW_CONFIDENCE_THRESHOLD: z.coerce.number({ error: 'expected a number' }).min(0, 'expected 0…1').max(1, 'expected 0…1').default(0.7),
  /** Three-level category system (JSON {"tree": …}); unset: no second/third level. */
  TAXONOMY_FILE: z.string().min(1).optional(),
  /** Extra keywords for second/third-level categories; default config/taxonomy-keywords.json. */
  TAXONOMY_KEYWORDS_FILE: z.string().min(1).optional(),
  /** Source category → our category table; default config/category-crosswalk.json. */
  CATEGORY_CROSSWALK_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each bad variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.PII_SALT) {
    throw new ConfigError('Invalid configuration:\n  PII_SALT: required when NODE_ENV=production (at least 16 characters)');
  }
  return config;
}
