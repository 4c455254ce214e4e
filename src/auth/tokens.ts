import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Role } from '../generated/prisma/client.ts';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface Principal {
  kind: 'user' | 'api-key';
  id: string;
  name: string;
  role: Role;
  memberId: string | null;
}

/** Creates a session; only the token's hash is stored. */
export async function createSession(prisma: Db, userId: string, ttlHours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = `lxs_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await prisma.session.create({ data: { id: sha256(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function revokeSession(prisma: Db, token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sha256(token) } });
}

/** API keys for machines (hotline systems, connectors); only the hash is stored. */
export async function createApiKey(prisma: Db, name: string, role: Role = 'CONNECTOR'): Promise<string> {
  const key = `lxk_${randomBytes(32).toString('base64url')}`;
  await prisma.apiKey.create({ data: { name, keyHash: sha256(key), role } });
  return key;
}

/** Resolves a bearer token (session or API key) to who is calling, or null. */
export async function authenticate(prisma: Db, token: string, now = new Date()): Promise<Principal | null> {
  if (token.startsWith('lxk_')) {
    const key = await prisma.apiKey.findUnique({ where: { keyHash: sha256(token) } });
    if (!key || key.revokedAt) return null;
    return { kind: 'api-key', id: key.id, name: key.name, role: key.role, memberId: null };
  }
  if (!token.startsWith('lxs_')) return null;
  const session = await prisma.session.findUnique({ where: { id: sha256(token) }, include: { user: true } });
  if (!session || session.expiresAt <= now || !session.user.active) return null;
  return { kind: 'user', id: session.user.id, name: session.user.username, role: session.user.role, memberId: session.user.memberId };
}
