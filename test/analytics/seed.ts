import { join } from 'node:path';
import { hashPassword } from '../../src/auth/passwords.ts';
import { importFile } from '../../src/ingest/import-file.ts';
import { readMemberCsv, upsertMembers } from '../../src/members/member-import.ts';
import { MEMBERS_CSV, messageFixture, writeLines } from '../helpers/fixtures.ts';
import { waitFor, type TestApp } from '../helpers/test-app.ts';

export const ANALYST = { username: 'analyst.t', password: 'analyst-pass-123' };

/** China local 'YYYY-MM-DD HH:mm:ss' of an instant (the message files' time format). */
const localTime = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The shared message fixture re-timed to the last days (so "today" and "this week" have data),
 * the two fixture members, and an analyst user. Waits until every valid demand is processed.
 */
export async function seedDashboardData(t: TestApp, now = new Date()): Promise<{ valid: number }> {
  const fixture = messageFixture();
  const lines = fixture.lines.map((line, i) => {
    try {
      const row = JSON.parse(line) as { time?: string };
      row.time = localTime(new Date(now.getTime() - (fixture.lines.length - i) * 3_600_000 * 5));
      return JSON.stringify(row);
    } catch {
      return line; // the deliberately broken line stays broken
    }
  });
  const members = await upsertMembers(t.ctx.prisma, await readMemberCsv(await writeLines(join(t.ctx.config.DATA_DIR, 'members.csv'), [MEMBERS_CSV])));
  if (members.errors.length) throw new Error(JSON.stringify(members.errors));
  await importFile(t.ctx, await writeLines(join(t.ctx.config.DATA_DIR, 'messages.jsonl'), lines), { channel: 'mailbox' });
  await t.ctx.prisma.user.create({ data: { username: ANALYST.username, passwordHash: await hashPassword(ANALYST.password), role: 'ANALYST' } });
  await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { stage: 'DONE' } })) === fixture.valid, { what: 'demands processed' });
  await waitFor(async () => (await t.ctx.prisma.inboxItem.count({ where: { pushedAt: { not: null } } })) > 0, { what: 'inbox items pushed' });
  return { valid: fixture.valid };
}
