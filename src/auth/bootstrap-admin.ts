import type { Db } from '../db/database.ts';
import { generatePassword, hashPassword } from './passwords.ts';

/**
 * Makes sure the "admin" account exists. Its password is ADMIN_PASSWORD, or generated
 * and returned once (to be printed at first start, never logged).
 */
export async function ensureAdmin(prisma: Db, configured: string | undefined): Promise<{ created: boolean; password?: string }> {
  if (await prisma.user.findUnique({ where: { username: 'admin' } })) return { created: false };
  const password = configured ?? generatePassword();
  await prisma.user.createMany({ data: [{ username: 'admin', passwordHash: await hashPassword(password), role: 'ADMIN' }], skipDuplicates: true });
  return { created: true, ...(configured ? {} : { password }) };
}
