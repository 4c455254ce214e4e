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
    expect(text.split('\r\n')[0]).toBe('排名,标题,热度,诉求数,本周新增,分类,区域,趋势（每日）,工单编号');
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
      expect(await refreshTicketHeat(t.ctx.prisma, { now: later })).toBe(6);
      const hot = await t.ctx.prisma.ticket.findFirstOrThrow({ where: { demandCount: 3 } });
      expect(hot.heat).toBeGreaterThan(0.6);
      expect(hot.heat).toBeLessThan(0.8); // ≈ 3 × 1/4
      expect(await refreshTicketHeat(t.ctx.prisma, { now: later })).toBe(0);
    } finally {
      await t.close();
    }
  }, 120_000);
});
