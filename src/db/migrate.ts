import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlRunner } from './sql-runner.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const LOCK_KEY = 4_242_001; // pg_advisory_lock key: one migrator at a time

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies the SQL files prisma/migrations/<name>/migration.sql in name order, each in a
 * transaction, recording them in "_lianxin_migrations". Safe to run from several
 * processes at once (advisory lock) and refuses to continue if an applied file changed.
 */
export async function migrate(db: SqlRunner, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  await db.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await db.exec(`CREATE TABLE IF NOT EXISTS "_lianxin_migrations" (
      name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const rows = await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_lianxin_migrations"');
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const name of names) {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${name} was changed after it was applied`);
        result.alreadyApplied.push(name);
        continue;
      }
      await db.exec(`BEGIN;\n${sql}\n;INSERT INTO "_lianxin_migrations"(name, checksum) VALUES ('${name}', '${checksum}');\nCOMMIT;`);
      result.applied.push(name);
    }
    return result;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
