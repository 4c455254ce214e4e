import { createApiKey } from '../auth/tokens.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { Args } from './main.ts';

/** `lianxin migrate`: applies prisma/migrations to DATABASE_URL or the embedded database. */
export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, migrate: false });
  try {
    const result = await migrate(db.sql);
    process.stdout.write(`migrations applied: ${result.applied.join(', ') || 'none'}; already applied: ${result.alreadyApplied.length}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `lianxin keys create NAME [--role connector|admin]`: prints a new API key once. */
export async function keysCommand(rest: string[], args: Args): Promise<number> {
  const [verb, name] = rest;
  if (verb !== 'create' || !name) {
    process.stderr.write('usage: lianxin keys create NAME [--role connector|admin]\n');
    return 2;
  }
  const role = (args.values.role ?? 'connector').toUpperCase();
  if (role !== 'CONNECTOR' && role !== 'ADMIN') {
    process.stderr.write('--role must be connector or admin\n');
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const key = await createApiKey(db.prisma, name, role);
    process.stdout.write(`${key}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
