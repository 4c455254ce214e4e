import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ANALYST, seedDashboardData } from './seed.ts';

describe('analytics API (embedded)', () => {
  let t: TestApp;
  let token: string;
  let valid: number;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    ({ valid } = await seedDashboardData(t));
    token = await login(t.url, ANALYST.username, ANALYST.password);
  }, 120_000);
  afterAll(async () => t?.close());

  it('is for analysts and admins only', async () => {
    expect((await api(t.url, '/api/v1/analytics/volumes')).status).toBe(401);
    const member = await login(t.url, 'member.a', 'password-a-123');
    expect((await api(t.url, '/api/v1/analytics/volumes', { token: member })).status).toBe(403);
  });

  it('counts every demand in the volumes by channel, category and region', async () => {
    for (const by of ['channel', 'category', 'region']) {
      const r = await api(t.url, `/api/v1/analytics/volumes?by=${by}`, { token });
      expect(r.status).toBe(200);
      const total = r.json.table.rows.reduce((sum: number, row: any) => sum + row.total, 0);
      expect(total).toBe(valid);
    }
    const byChannel = await api(t.url, '/api/v1/analytics/volumes?by=channel', { token });
    expect(byChannel.json.series.map((s: any) => s.label)).toEqual(['领导信箱']);
  });

  it('ranks this week\'s hot issues by heat with a daily trend, without personal data', async () => {
    const r = await api(t.url, '/api/v1/analytics/hot?window=week', { token });
    expect(r.status).toBe(200);
    const [top] = r.json.issues;
    expect(top.title).toContain('魅力之城');
    expect(top.demands).toBe(3);
    expect(top.heat).toBeGreaterThan(r.json.issues[1].heat);
    expect(top.trend).toHaveLength(14);
    expect(top.trend.reduce((s: number, d: any) => s + d.count, 0)).toBe(3);
    const all = JSON.stringify([r.json, (await api(t.url, '/api/v1/analytics/regions', { token })).json]);
    expect(all).not.toMatch(/138\*{4}|13812345678|reporter|phone/);
  });

  it('exports a table as CSV with a BOM and as XLSX', async () => {
    const csv = await fetch(`${t.url}/api/v1/analytics/hot?window=week&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('排名,热点问题,热度,诉求数,本周新增,工单数,分类,区域,趋势（每日）,主工单编号');
    expect(text).toContain('魅力之城');
    const xlsx = await fetch(`${t.url}/api/v1/analytics/regions?format=xlsx`, { headers: { authorization: `Bearer ${token}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('区域');
    const demands = (sheet.getColumn(2).values as unknown[]).slice(2).reduce((s: number, v) => s + Number(v), 0);
    expect(demands).toBe(valid);
  });

  it('answers rising issues with both methods', async () => {
    for (const method of ['kleinberg', 'poisson']) {
      const r = await api(t.url, `/api/v1/analytics/rising?method=${method}`, { token });
      expect(r.status).toBe(200);
      expect(r.json.method).toBe(method);
      expect(Array.isArray(r.json.issues)).toBe(true);
    }
  });

  it('groups the tickets of one place and category into one hot issue, as eval hot does', async () => {
    const prisma = t.ctx.prisma;
    const first = await prisma.ticket.findFirstOrThrow({ where: { title: { contains: '魅力之城' } }, include: { demands: { take: 1 } } });
    const before = (await api(t.url, '/api/v1/analytics/hot?window=week', { token })).json.issues.find((i: any) => i.ticketIds.includes(first.id));
    // another problem of the same estate and category, a separate ticket (not a same-issue merge)
    const at = new Date(Date.now() - 2 * 3_600_000);
    const raw = await prisma.rawRecord.create({ data: { source: 'test', sourceRef: 'square-dance', payload: '{}', state: 'ACCEPTED' } });
    const ticket = await prisma.ticket.create({ data: { title: '魅力之城小区广场舞音响噪音扰民', summary: '', category: first.category, district: first.district, demandCount: 1, channels: ['mailbox'], firstSeenAt: at, lastSeenAt: at, heat: 1, dedupKey: 'test-square-dance' } });
    await prisma.demand.create({ data: {
      rawRecordId: raw.id, source: 'test', sourceRef: 'square-dance', channel: 'mailbox', title: '魅力之城小区广场舞音响噪音扰民',
      content: 'A3区魅力之城小区中心广场每晚九点后广场舞音响开到最大，老人小孩无法入睡。', occurredAt: at, category: first.demands[0]!.category,
      reporterHash: 'square-dance-reporter', textHash: 'square-dance', stage: 'DONE', ticketId: ticket.id,
    } });
    const after = (await api(t.url, '/api/v1/analytics/hot?window=week', { token })).json.issues.find((i: any) => i.ticketIds.includes(first.id));
    expect(after.ticketIds.sort()).toEqual([first.id, ticket.id].sort());
    expect(after.demands).toBe(before.demands + 1);
    expect(after.heat).toBeGreaterThan(before.heat);
    expect(after.ticketId).toBe(first.id); // the main ticket: most demands
    const csv = await fetch(`${t.url}/api/v1/analytics/hot?window=week&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^1,[^,]*魅力之城[^,]*,[\d.]+,4,4,2,/);
  });

  it('serves ECharts from node_modules', async () => {
    const r = await fetch(`${t.url}/vendor/echarts.min.js`);
    expect(r.status).toBe(200);
    expect((await r.text()).length).toBeGreaterThan(100_000);
  });
});

describe('refreshTicketHeat', () => {
  it('stores the decayed heat as of a later time and skips unchanged tickets', async () => {
    const { refreshTicketHeat } = await import('../../src/analytics/refresh-heat.ts');
    const t = await startTestApp('embedded', { workers: true, http: false });
    try {
      await seedDashboardData(t);
      const later = new Date(Date.now() + 60 * 86_400_000); // two half-lives on
      // pages of 2 tickets: the sums come from the database, page after page
      expect(await refreshTicketHeat(t.ctx.database, { now: later, batch: 2 })).toBe(6);
      const hot = await t.ctx.prisma.ticket.findFirstOrThrow({ where: { demandCount: 3 } });
      expect(hot.heat).toBeGreaterThan(0.6);
      expect(hot.heat).toBeLessThan(0.8); // ≈ 3 × 1/4
      // the very formula the inbox and dashboard use, over each ticket's demands
      const { computeHeat } = await import('../../src/pipeline/ticket-heat.ts');
      const tickets = await t.ctx.prisma.ticket.findMany({ select: { heat: true, demands: { select: { occurredAt: true, channel: true, reporterHash: true, likes: true, dislikes: true } } } });
      expect(tickets.length).toBe(6);
      for (const ticket of tickets) expect(Math.abs(ticket.heat - computeHeat(ticket.demands, { asOf: later }))).toBeLessThanOrEqual(0.01);
      expect(await refreshTicketHeat(t.ctx.database, { now: later })).toBe(0);
    } finally {
      await t.close();
    }
  }, 120_000);
});
