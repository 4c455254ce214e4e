import type { Db } from '../db/database.ts';
import { createApiKey } from './tokens.ts';

/** A new API key for a machine (connector), audited; the key itself is returned once and never stored. */
export async function issueApiKey(prisma: Db, actor: string, name: string, role: 'CONNECTOR' | 'ADMIN'): Promise<{ id: string; key: string }> {
  const key = await createApiKey(prisma, name, role);
  const row = await prisma.apiKey.findUniqueOrThrow({ where: { name } });
  await prisma.auditLog.create({ data: { actor, action: 'api-key.create', entity: 'ApiKey', entityId: row.id, after: { name, role } } });
  return { id: row.id, key };
}

/** Revokes a key (kept for the record), audited; false when unknown. */
export async function revokeApiKey(prisma: Db, actor: string, id: string, now = new Date()): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id } });
    if (!key) return false;
    if (key.revokedAt) return true;
    await tx.apiKey.update({ where: { id }, data: { revokedAt: now } });
    await tx.auditLog.create({ data: { actor, action: 'api-key.revoke', entity: 'ApiKey', entityId: id, before: { revokedAt: null }, after: { revokedAt: now.toISOString() } } });
    return true;
  });
}
