import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from './database.ts';

/** This process, as a lease holder. */
export const PROCESS_HOLDER = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * A time-limited lease in ConnectorState so that only one process at a time runs a
 * singleton task (outbox dispatch, pollers). Returns false when another holder's lease
 * has not expired.
 */
export async function acquireLease(prisma: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const until = new Date(Date.now() + ttlMs).toISOString();
  const key = `lease:${name}`;
  await prisma.$executeRaw`INSERT INTO "ConnectorState"(name, "updatedAt") VALUES (${key}, now()) ON CONFLICT (name) DO NOTHING`;
  const taken = await prisma.$executeRaw`
    UPDATE "ConnectorState" SET cursor = jsonb_build_object('holder', ${holder}::text, 'until', ${until}::text), "updatedAt" = now()
    WHERE name = ${key} AND (cursor IS NULL OR cursor->>'holder' = ${holder} OR (cursor->>'until')::timestamptz < now())`;
  return taken === 1;
}

export async function releaseLease(prisma: Db, name: string, holder: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "ConnectorState" SET cursor = NULL, "updatedAt" = now() WHERE name = ${`lease:${name}`} AND cursor->>'holder' = ${holder}`;
}
