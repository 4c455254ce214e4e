import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';

/**
 * The salt for hashing personal data: PII_SALT when set, else one generated on first
 * start and kept in the database, so every process sharing the database agrees on it.
 */
export async function resolvePiiSalt(prisma: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const generated = randomBytes(32).toString('base64url');
  await prisma.setting.createMany({ data: [{ key: 'pii-salt', value: generated }], skipDuplicates: true });
  const row = await prisma.setting.findUniqueOrThrow({ where: { key: 'pii-salt' } });
  return row.value;
}
