import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { readMemberFile, upsertMembers } from '../members/member-import.ts';
import { deactivateMember } from '../members/member-registry.ts';

/** `lianxin members import FILE.csv|FILE.xlsx | deactivate USERNAME | list`. */
export async function membersCommand(rest: string[]): Promise<number> {
  const [verb, arg] = rest;
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (verb === 'import' && arg) {
      const result = await upsertMembers(db.prisma, await readMemberFile(arg), 'cli');
      for (const c of result.created) out(`created ${c.username} (${c.name})${c.password ? `  password: ${c.password}` : ''}`);
      for (const u of result.updated) out(`updated ${u}`);
      for (const e of result.errors) out(`line ${e.line}: ${e.message}`);
      out(`members: ${result.created.length} created, ${result.updated.length} updated, ${result.errors.length} rejected`);
      return result.errors.length > 0 ? 1 : 0;
    }
    if (verb === 'deactivate' && arg) {
      const user = await db.prisma.user.findUnique({ where: { username: arg } });
      if (!user?.memberId) {
        out(`no member with username ${arg}`);
        return 1;
      }
      await deactivateMember(db.prisma, user.memberId, 'cli');
      out(`deactivated ${arg}; the member's inbox history is kept`);
      return 0;
    }
    if (verb === 'list') {
      const members = await db.prisma.member.findMany({ include: { user: true }, orderBy: { createdAt: 'asc' } });
      for (const m of members) out(`${m.user?.username ?? '-'}\t${m.name}\t${m.sector}\t${m.committee}\t${m.regions.join('、')}\t${m.topics.join('、')}\t${m.active ? 'active' : 'inactive'}`);
      return 0;
    }
    process.stderr.write('usage: lianxin members import FILE.csv|FILE.xlsx | deactivate USERNAME | list\n');
    return 2;
  } finally {
    await db.close();
  }
}
