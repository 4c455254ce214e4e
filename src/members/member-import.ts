import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';

/** Column names accepted in member files, Chinese or English. */
const HEADERS: Record<string, string> = {
  姓名: 'name', 界别: 'sector', 专委会: 'committee', 属地: 'regions', 关注领域: 'topics', 每日上限: 'dailyLimit', 用户名: 'username', 密码: 'password',
};
const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[;；,，、|]/).map((s) => s.trim()).filter(Boolean));

const blankToUndefined = (row: unknown) =>
  typeof row === 'object' && row !== null ? Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '' && v !== null)) : row;

export const memberRowSchema = z.preprocess(blankToUndefined, z.object({
  name: z.string().trim().min(1, 'name (姓名) is required'),
  sector: z.string().trim().min(1, 'sector (界别) is required'),
  committee: z.string().trim().default(''),
  regions: list,
  topics: list,
  dailyLimit: z.coerce.number().int().min(1).max(1000).default(20),
  username: z.string().trim().regex(/^[\w.@-]{3,64}$/, 'username: 3–64 letters, digits or . _ @ -'),
  password: z.string().min(8, 'password: at least 8 characters').optional(),
}));
export type MemberRow = z.input<typeof memberRowSchema>;

export interface MemberImportResult {
  created: Array<{ username: string; name: string; password?: string }>;
  updated: string[];
  errors: Array<{ line: number; message: string }>;
}

/**
 * Creates or updates members and their login accounts (keyed by username). A generated
 * password is returned once for new accounts without one; existing passwords are kept
 * unless the row gives a new one.
 */
export async function upsertMembers(prisma: Db, rows: Array<{ line: number; row: Record<string, unknown> }>): Promise<MemberImportResult> {
  const result: MemberImportResult = { created: [], updated: [], errors: [] };
  for (const { line, row } of rows) {
    const parsed = memberRowSchema.safeParse(row);
    if (!parsed.success) {
      result.errors.push({ line, message: parsed.error.issues.map((i) => i.message).join('; ') });
      continue;
    }
    const { username, password, ...profile } = parsed.data;
    const existing = await prisma.user.findUnique({ where: { username } });
    if (existing?.memberId) {
      await prisma.member.update({ where: { id: existing.memberId }, data: { ...profile, active: true, deactivatedAt: null } });
      if (password) await prisma.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password) } });
      result.updated.push(username);
      continue;
    }
    if (existing) {
      result.errors.push({ line, message: `username ${username} belongs to a non-member account` });
      continue;
    }
    const secret = password ?? generatePassword();
    const passwordHash = await hashPassword(secret);
    await prisma.member.create({ data: { ...profile, user: { create: { username, passwordHash, role: 'MEMBER' } } } });
    result.created.push({ username, name: profile.name, ...(password ? {} : { password: secret }) });
  }
  return result;
}

/** Reads a CSV file of members (header row; Chinese or English column names). */
export async function readMemberCsv(path: string): Promise<Array<{ line: number; row: Record<string, unknown> }>> {
  const rows: Array<{ line: number; row: Record<string, unknown> }> = [];
  const parser = createReadStream(path).pipe(
    parse({ columns: (header: string[]) => header.map((h) => HEADERS[h.trim()] ?? h.trim()), bom: true, skip_empty_lines: true, trim: true, info: true }),
  );
  for await (const record of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    rows.push({ line: record.info.lines, row: record.record });
  }
  return rows;
}
