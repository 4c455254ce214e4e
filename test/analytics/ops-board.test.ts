import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { login, startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('bull-board on Redis, behind admin auth', () => {
  let t: TestApp;
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp('redis-postgres');
    const passwordHash = await hashPassword('ops-pass-12345');
    await t.ctx.prisma.user.createMany({ data: [{ username: 'ops.admin', passwordHash, role: 'ADMIN' }, { username: 'ops.analyst', passwordHash, role: 'ANALYST' }] });
    admin = await login(t.url, 'ops.admin', 'ops-pass-12345');
    analyst = await login(t.url, 'ops.analyst', 'ops-pass-12345');
  });
  afterAll(async () => t?.close());

  it('serves the board and its queue API to an admin session (cookie set by the ops page) only', async () => {
    expect((await fetch(`${t.url}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${t.url}/admin/queues`, { headers: { cookie: `lianxin_board=${analyst}` } })).status).toBe(403);
    const page = await fetch(`${t.url}/admin/queues`, { headers: { cookie: `other=1; lianxin_board=${encodeURIComponent(admin)}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const queues = await fetch(`${t.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
    expect(queues.status).toBe(200);
    const names = ((await queues.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name);
    expect(names).toContain('normalise');
  });

  it('the jobs API reports the BullMQ engine for the operations page', async () => {
    const r = await fetch(`${t.url}/api/v1/jobs`, { headers: { authorization: `Bearer ${admin}` } });
    expect(((await r.json()) as { engine: string }).engine).toBe('bullmq');
  });
});
