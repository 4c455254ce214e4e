import { ensureAdmin } from '../../src/auth/bootstrap-admin.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { AppContext } from '../../src/app/context.ts';
import { upsertMembers } from '../../src/members/member-import.ts';
import { api, login, waitFor } from '../helpers/test-app.ts';

/** A fictional reporter: the analyst must never see any of this, not even masked. */
export const REPORTER = { name: '赵大宝', phone: '13812345678', idNumber: '430102199001011234' };

export const ADMIN_PASSWORD = 'admin-password-123';
export const ANALYST = { username: 'analyst.t', password: 'analyst-password-1' };

/** A demand as a connector posts it, with the reporter's personal data in fields and text. */
export function demand(ref: string, overrides: Record<string, unknown> = {}) {
  return {
    source: 'test-hotline',
    sourceRef: ref,
    channel: 'hotline',
    title: 'A1区幸福路路灯损坏',
    content: `来电人${REPORTER.name}反映A1区幸福路12号附近路灯损坏两周，夜间出行不安全，请尽快维修。联系电话${REPORTER.phone}，身份证${REPORTER.idNumber}。`,
    reporterName: REPORTER.name,
    reporterPhone: REPORTER.phone,
    reporterIdNumber: REPORTER.idNumber,
    district: 'A1区',
    address: 'A1区幸福路12号',
    occurredAt: '2026-11-10T09:00:00+08:00',
    ...overrides,
  };
}

/** Admin, analyst and members (username → password) in a fresh app; returns the admin token. */
export async function seedAccounts(ctx: AppContext, url: string, members: Array<{ username: string; regions: string; topics?: string; sector?: string; dailyLimit?: number }>) {
  await ensureAdmin(ctx.prisma, ADMIN_PASSWORD);
  await ctx.prisma.user.create({ data: { username: ANALYST.username, passwordHash: await hashPassword(ANALYST.password), role: 'ANALYST' } });
  const result = await upsertMembers(
    ctx.prisma,
    members.map((m, i) => ({ line: i + 1, row: { name: `委员${i + 1}`, sector: m.sector ?? '无党派人士', regions: m.regions, topics: m.topics ?? '', dailyLimit: String(m.dailyLimit ?? 50), username: m.username, password: `${m.username}-password` } })),
  );
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  return login(url, 'admin', ADMIN_PASSWORD);
}

export const memberLogin = (url: string, username: string) => login(url, username, `${username}-password`);

/** Posts demands through the API and waits until every one is DONE. */
export async function postDemands(ctx: AppContext, url: string, adminToken: string, demands: unknown[]) {
  const before = await ctx.prisma.demand.count({ where: { stage: 'DONE' } });
  const r = await api(url, '/api/v1/demands', { token: adminToken, body: demands });
  if (r.status !== 202) throw new Error(`POST /demands: ${r.status} ${JSON.stringify(r.json)}`);
  await waitFor(async () => (await ctx.prisma.demand.count({ where: { stage: 'DONE' } })) === before + demands.length, { what: 'demands DONE' });
}
