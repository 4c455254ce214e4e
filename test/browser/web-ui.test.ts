import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ANALYST, seedDashboardData } from '../analytics/seed.ts';
import { launchChromium, loginInBrowser, SCREENSHOTS, screenshot } from './browser.ts';

const ADMIN = { username: 'admin.t', password: 'admin-pass-1234' };

describe('web UI in headless chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp('embedded');
    await seedDashboardData(t);
    await t.ctx.prisma.user.create({ data: { username: ADMIN.username, passwordHash: await hashPassword(ADMIN.password), role: 'ADMIN' } });
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a member on a phone logs in, filters the inbox, opens an item, adopts it and edits the draft', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('dialog', (dialog) => dialog.accept());
    await loginInBrowser(page, t.url, 'member.a', 'password-a-123');
    await expect.poll(() => page.getByRole('heading', { name: '民意诉求收件箱' }).isVisible(), { timeout: 15_000 }).toBe(true);
    const item = page.getByRole('link', { name: /魅力之城/ });
    await item.waitFor({ timeout: 15_000 });
    expect(await page.locator('.tab[aria-current="page"] .count').textContent()).toBe('6');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390); // no sideways scrolling
    await screenshot(page, 'inbox');

    await item.click();
    await page.getByRole('heading', { level: 1, name: /魅力之城/ }).waitFor();
    const detail = await page.locator('main').innerText();
    expect(detail).toContain('合并诉求（3）');
    expect(detail).toContain('138****5678'); // masked, never the clear number
    expect(detail).not.toContain('13812345678');
    await screenshot(page, 'ticket');

    await page.getByRole('button', { name: '形成提案' }).click();
    const title = page.getByLabel('标题');
    await title.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('提案草稿');
    expect((await title.inputValue()).length).toBeGreaterThan(0); // prefilled
    expect((await page.getByLabel('正文').inputValue()).length).toBeGreaterThan(0);
    await title.fill('关于治理魅力之城小区餐馆油烟和噪音扰民的提案');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存成功').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('标题').inputValue(), { timeout: 15_000 }).toBe('关于治理魅力之城小区餐馆油烟和噪音扰民的提案');
    await screenshot(page, 'draft');
    await page.close();
  });

  it('draft editor: opens the prefilled draft after 形成社情民意 with its evidence, saves edits and submits', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('dialog', (dialog) => dialog.accept());
    await loginInBrowser(page, t.url, 'member.b', 'password-b-123');
    await page.getByRole('link', { name: /魅力之城/ }).click();
    await page.getByRole('button', { name: '形成社情民意' }).click();
    await page.getByRole('heading', { level: 1, name: '社情民意信息草稿' }).waitFor({ timeout: 15_000 });
    const title = await page.getByLabel('标题').inputValue();
    expect(title.length).toBeGreaterThan(0); // prefilled
    const text = await page.locator('main').innerText();
    expect(text).toContain('领导信箱 3 条'); // evidence: the ticket's demands by channel
    expect(text).toContain('依据：群众原话（已脱敏）');
    expect(text).not.toContain('13812345678');

    const body = '一、基本情况\n魅力之城小区临街餐馆油烟直排，夜间噪音。\n二、建议\n督促安装油烟净化设施。';
    await page.getByLabel('正文').fill(body);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存成功').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('正文').inputValue(), { timeout: 15_000 }).toBe(body);
    expect(await page.getByLabel('标题').inputValue()).toBe(title);
    await screenshot(page, 'draft-editor');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已提交，不能再修改。').waitFor();
    expect(await page.getByLabel('标题').getAttribute('readonly')).not.toBeNull();
    await page.close();
  });

  it('an analyst opens the dashboard and exports tables as CSV and XLSX', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await loginInBrowser(page, t.url, ANALYST.username, ANALYST.password);
    await page.getByRole('heading', { name: '分析看板' }).waitFor({ timeout: 15_000 });
    const hotWeek = page.locator('[data-table="hot-week"]');
    await hotWeek.locator('table').waitFor({ timeout: 20_000 });
    expect(await hotWeek.locator('tbody tr').first().innerText()).toContain('魅力之城');
    await page.locator('#chart-volumes canvas').waitFor({ timeout: 20_000 }); // ECharts drew
    await page.waitForTimeout(800); // chart animation
    await screenshot(page, 'dashboard');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'dashboard-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="hot-week-csv"]').click()]);
    expect(csv.suggestedFilename()).toMatch(/本周热点.*\.csv$/);
    const csvPath = join(SCREENSHOTS, '..', 'hot-week.csv');
    await csv.saveAs(csvPath);
    const bytes = await readFile(csvPath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toContain('热点问题,热度,诉求数,本周新增,工单数');
    expect(lines[1]).toMatch(/^1,[^,]*魅力之城/);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="regions-xlsx"]').click()]);
    const xlsxPath = join(SCREENSHOTS, '..', 'regions.xlsx');
    await xlsx.saveAs(xlsxPath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    expect(workbook.worksheets[0]!.getRow(1).getCell(1).value).toBe('区域');
    expect(workbook.worksheets[0]!.rowCount).toBeGreaterThan(1);
    await page.close();
  });

  it('an admin sees queues, connectors and the quarantine on the operations page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await loginInBrowser(page, t.url, ADMIN.username, ADMIN.password);
    await page.getByRole('heading', { name: '运维' }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: /隔离区（2）/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator('main').innerText()).toContain('内置队列');
    await screenshot(page, 'ops');
    await page.close();
  });
});
