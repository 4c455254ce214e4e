import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import lockfile from 'proper-lockfile';
import { PrismaClient } from '../generated/prisma/client.ts';
import { migrate } from './migrate.ts';
import { timedQuery } from './query-timer.ts';
import { isTextList, TEXT_ARRAY_OID, textArray } from './text-array.ts';
import type { SqlRunner } from './sql-runner.ts';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** Raw SQL on one pinned connection (migrations: BEGIN/COMMIT and advisory locks stay together). */
  sql: SqlRunner;
  /** Raw SQL on the pool, for hot paths where Prisma's per-query overhead matters (bulk inserts). */
  query: SqlRunner['query'];
  /**
   * `fn`'s queries in one transaction on one connection (committed when `fn` resolves, rolled
   * back when it throws): the raw counterpart of Prisma's interactive transaction, without its
   * per-statement cost on hot paths.
   */
  transaction<T>(fn: (query: SqlRunner['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Apply pending migrations after opening (default true). */
  migrate?: boolean;
  /** PostgreSQL connections in the pool (default 10). */
  poolSize?: number;
}

/** Opens PostgreSQL when a URL is given, else the embedded PGlite under dataDir/pg. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl, options.poolSize ?? 10) : await openPglite(options.dataDir);
  try {
    if (options.migrate !== false) await migrate(db.sql);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // every session in UTC: timestamp columns hold UTC (as Prisma writes and reads them), so column
  // defaults (CURRENT_TIMESTAMP) and raw now() must not produce the server's local time
  // and a transaction left open by a stuck process (the merge transaction holds the merge lock)
  // is ended by the server after 5 minutes of idling, instead of stalling every merge behind it
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC -c idle_in_transaction_session_timeout=300000' });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  // each connection's queries count towards the database time of the job that runs them
  // (pool.query runs client.query with a callback, which the wrapper leaves untimed: no double count)
  pool.on('connect', (client) => {
    client.query = timedQuery(client.query.bind(client)) as typeof client.query;
    // a server restart ends checked-out connections too: without a listener that 'error' kills the process
    client.on('error', () => undefined);
  });
  pool.query = timedQuery(pool.query.bind(pool)) as typeof pool.query;
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // raw SQL (migrations) runs on one pinned connection so BEGIN/COMMIT and advisory locks stay together
  let client: pg.PoolClient | undefined;
  const pinned = async () => {
    if (client) return client;
    const c = await pool.connect();
    // after a lost connection the next call pins a fresh one
    c.on('error', () => {
      if (client !== c) return;
      client = undefined;
      try {
        c.release(true);
      } catch {
        // already released (the database is closing): nothing left to give back
      }
    });
    return (client = c);
  };
  return {
    prisma,
    kind: 'postgres',
    query: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(async (text, params) => (await c.query(text, params as unknown[])).rows);
        await c.query('COMMIT');
        c.release();
        return result;
      } catch (error) {
        // a connection whose rollback fails (the server went away) is not given back to the pool
        await c.query('ROLLBACK').then(() => c.release(), () => c.release(true));
        throw error;
      }
    },
    sql: {
      async exec(text) {
        await (await pinned()).query(text);
      },
      async query(text, params) {
        return (await (await pinned()).query(text, params as unknown[])).rows;
      },
    },
    async close() {
      await prisma.$disconnect();
      client?.release();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  // PGlite is single-process: a second process on the same folder would corrupt it.
  const release = await lockfile.lock(dir, { lockfilePath: join(dir, 'pglite.lock'), stale: 15_000, update: 5_000 }).catch((error: Error) => {
    throw new Error(`the embedded database in ${dir} is in use by another lianxin process (${error.message}); stop it, or set DATABASE_URL to share a PostgreSQL server`);
  });
  const pglite = new PGlite(join(dir, 'pg'));
  await pglite.waitReady;
  pglite.query = timedQuery(pglite.query.bind(pglite)) as typeof pglite.query;
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = ((fn: Parameters<typeof transaction>[0]) => transaction((tx) => fn(Object.assign(tx, { query: timedQuery(tx.query.bind(tx)) })))) as typeof pglite.transaction;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  // text[] parameters in binary format (`textArray`; PGlite sends a Buffer as it is)
  const options = { serializers: { [TEXT_ARRAY_OID]: ((v: unknown) => (isTextList(v) ? textArray(v) : pglite.serializers[TEXT_ARRAY_OID]!(v))) as (x: unknown) => string } };
  const query: SqlRunner['query'] = async (text, params) => (await pglite.query(text, params as unknown[], options)).rows as never[];
  return {
    prisma,
    kind: 'pglite',
    query,
    transaction: (fn) => pglite.transaction((tx) => fn(async (text, params) => (await tx.query(text, params as unknown[], options)).rows as never[])),
    sql: {
      async exec(text) {
        await pglite.exec(text);
      },
      query,
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      await release();
    },
  };
}
