import type { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../db/database.ts';

/** Records a connector's progress: cursor (when it has one) and last success. */
export async function recordSuccess(prisma: Db, name: string, cursor?: Prisma.InputJsonValue): Promise<void> {
  const data = { lastSuccessAt: new Date(), lastError: null, ...(cursor !== undefined ? { cursor } : {}) };
  await prisma.connectorState.upsert({ where: { name }, create: { name, ...data }, update: data });
}

export async function recordError(prisma: Db, name: string, error: string): Promise<void> {
  const data = { lastError: `${new Date().toISOString()} ${error}`.slice(0, 1000) };
  await prisma.connectorState.upsert({ where: { name }, create: { name, ...data }, update: data });
}

export async function readCursor<T>(prisma: Db, name: string): Promise<T | undefined> {
  const row = await prisma.connectorState.findUnique({ where: { name } });
  return (row?.cursor ?? undefined) as T | undefined;
}
