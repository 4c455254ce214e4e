import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import type { MemberFileRow } from './member-files.ts';

export { readMemberCsv, readMemberFile, readMemberBuffer, MEMBER_HEADERS } from './member-files.ts';

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[;；,，、|]/).map((s) => s.trim()).filter(Boolean));

const blankToUndefined = (row: unknown) =>
  typeof row === 'object' && row !== null ? Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '' && v !== null)) : row;

export const memberRowSchema = z.preprocess(blankToUndefined, z.object({
  name: z.string({ error: 'name (姓名) is required' }).trim().min(1, 'name (姓名) is required'),
  sector: z.string({ error: 'sector (界别) is required' }).trim().min(1, 'sector (界别) is required'),
  committee: z.string().trim().default(''),
  regions: list,
  topics: list,
  dailyLimit: z.coerce.number().int().min(1).max(1000).default(20),
  username: z.string({ error: 'username (用户名) is required' }).trim().regex(/^[\w.@-]{3,64}$/, 'username: 3–64 letters, digits or . _ @ -'),
  password: z.string().min(8, 'password: at least 8 characters').optional(),
}));
export type MemberRow = z.input<typeof memberRowSchema>;

export interface MemberImportResult {
  created: Array<{ username: string; name: string; password?: string }>;
  updated: string[];
  errors: Array<{ line: number; message: string }>;
}

const profileOf = (m: { name: string; sector: string; committee: string; regions: string[]; topics: string[]; dailyLimit: number; active: boolean }) => ({
  name: m.name, sector: m.sector, committee: m.committee, regions: m.regions, topics: m.topics, dailyLimit: m.dailyLimit, active: m.active,
});

/**
 * Creates or updates members and their login accounts, keyed by the stable username: a
 * re-import updates the profile (and re-activates a member who had left). A generated
 * password is returned once for new accounts without one; existing passwords are kept
 * unless the row gives a new one. Every change is audited with before/after.
 */
export async function upsertMembers(prisma: Db, rows: MemberFileRow[], actor = 'import'): Promise<MemberImportResult> {
  const result: MemberImportResult = { created: [], updated: [], errors: [] };
  for (const { line, row } of rows) {
    const parsed = memberRowSchema.safeParse(row);
    if (!parsed.success) {
      result.errors.push({ line, message: parsed.error.issues.map((i) => i.message).join('; ') });
      continue;
    }
    const { username, password, ...profile } = parsed.data;
    const existing = await prisma.user.findUnique({ where: { username }, include: { member: true } });
    if (existing?.member) {
      const before = profileOf(existing.member);
      const passwordHash = password ? await hashPassword(password) : undefined;
      await prisma.$transaction(async (tx) => {
        const after = await tx.member.update({ where: { id: existing.member!.id }, data: { ...profile, active: true, deactivatedAt: null } });
        await tx.user.update({ where: { id: existing.id }, data: { active: true, ...(passwordHash ? { passwordHash } : {}) } });
        await tx.auditLog.create({ data: { actor, action: 'member.update', entity: 'Member', entityId: after.id, before, after: { ...profileOf(after), ...(passwordHash ? { passwordChanged: true } : {}) } } });
      });
      result.updated.push(username);
      continue;
    }
    if (existing) {
      result.errors.push({ line, message: `username ${username} belongs to a non-member account` });
      continue;
    }
    const secret = password ?? generatePassword();
    const passwordHash = await hashPassword(secret);
    await prisma.$transaction(async (tx) => {
      const created = await tx.member.create({ data: { ...profile, user: { create: { username, passwordHash, role: 'MEMBER' } } } });
      await tx.auditLog.create({ data: { actor, action: 'member.create', entity: 'Member', entityId: created.id, after: { ...profileOf(created), username } } });
    });
    result.created.push({ username, name: profile.name, ...(password ? {} : { password: secret }) });
  }
  return result;
}
