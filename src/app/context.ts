import type { Classifier } from '../classify/classifier.ts';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue } from '../queue/job-queue.ts';

/** Everything a stage, route or command needs; built once per process by createApp. */
export interface AppContext {
  config: Config;
  database: Database;
  prisma: Db;
  queue: JobQueue;
  logger: Logger;
  /** Salt for hashing personal data (PII_SALT, or generated and kept under DATA_DIR). */
  piiSalt: string;
  /** Swappable so a newly trained model is picked up without a restart. */
  classifier: { current: Classifier };
}
