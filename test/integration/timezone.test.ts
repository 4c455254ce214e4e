import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../services/postgres.ts';

// Timestamp columns hold UTC (Prisma reads and writes them so); a database default of
// CURRENT_TIMESTAMP or a raw now() must not store the server's local time instead.
describe('timestamps on a PostgreSQL server whose time zone is not UTC', () => {
  const opened: Array<{ db: Database; drop: () => Promise<void> }> = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.db.close();
      await o.drop();
    }
  });

  const open = async (): Promise<Database> => {
    const test: TestDatabase = await createTestDatabase(inject('databaseUrl'), 'tz');
    const name = new URL(test.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${name}" SET timezone TO 'Asia/Shanghai'`);
    await admin.end();
    const dataDir = await mkdtemp(join(tmpdir(), 'lianxin-tz-'));
    const db = await openDatabase({ databaseUrl: test.url, dataDir });
    opened.push({ db, drop: async () => (await test.drop(), await rm(dataDir, { recursive: true, force: true })) });
    return db;
  };

  it('stores column defaults and raw now() as UTC, as Prisma reads them', async () => {
    const db = await open();
    await db.query(`INSERT INTO "AuditLog" (id, actor, action, entity, "entityId") VALUES ('tz-1', 'test', 'tz', 'Test', '1')`);
    await db.query(`INSERT INTO "AuditLog" (id, actor, action, entity, "entityId", "createdAt") VALUES ('tz-2', 'test', 'tz', 'Test', '2', now())`);
    await db.prisma.auditLog.create({ data: { id: 'tz-3', actor: 'test', action: 'tz', entity: 'Test', entityId: '3' } });
    const rows = await db.prisma.auditLog.findMany({ where: { action: 'tz' }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
