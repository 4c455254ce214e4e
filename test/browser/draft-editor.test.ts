import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { seedDashboardData } from '../analytics/seed.ts';
import { launchChromium, loginInBrowser, screenshot } from './browser.ts';

/**
 * The draft editor against the drafts API contract (POST …/actions adopt → {item, draft};
 * GET/PUT /drafts/:id; POST /drafts/:id/submit), with the drafts endpoints answered by the
 * test through request interception: the page is checked on its own, whatever build of the
 * drafts API runs. web-ui.test.ts runs the same flow against the real API.
 */
describe('draft editor page (drafts API contract)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp('embedded');
    await seedDashboardData(t);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the prefilled draft after 形成社情民意, saves edits and submits', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('dialog', (dialog) => dialog.accept());
    const now = new Date().toISOString();
    let draft = {
      id: 'd-1', kind: 'social-report', status: 'DRAFT', title: '关于魅力之城小区油烟扰民的社情民意', summary: '3 条诉求反映餐馆油烟直排。',
      body: '一、基本情况\n群众多次反映……', ticketIds: ['t-1'], createdAt: now, updatedAt: now,
      evidence: { channels: [{ channel: 'mailbox', count: 2 }, { channel: 'hotline', count: 1 }], trend: [{ date: '2026-11-20', count: 1 }, { date: '2026-11-21', count: 2 }], quotes: [{ channel: 'mailbox', occurredAt: now, text: '油烟直排，联系电话138****5678' }] },
    };
    const puts: unknown[] = [];
    let adoptBody: any;
    await page.route('**/api/v1/inbox/*/actions', async (route: Route) => {
      const body = route.request().postDataJSON();
      if (body.action !== 'adopt') return route.continue();
      adoptBody = body;
      const response = await route.fetch(); // the real adoption, plus the draft the API returns
      return route.fulfill({ response, json: { ...(await response.json()), draft } });
    });
    await page.route('**/api/v1/drafts/d-1', async (route: Route) => {
      if (route.request().method() === 'PUT') {
        puts.push(route.request().postDataJSON());
        draft = { ...draft, ...route.request().postDataJSON(), updatedAt: new Date().toISOString() };
      }
      return route.fulfill({ json: { draft } });
    });
    await page.route('**/api/v1/drafts/d-1/submit', (route: Route) => {
      draft = { ...draft, status: 'SUBMITTED' };
      return route.fulfill({ json: { draft } });
    });

    await loginInBrowser(page, t.url, 'member.b', 'password-b-123');
    await page.getByRole('link', { name: /魅力之城/ }).click();
    await page.getByRole('button', { name: '形成社情民意' }).click();
    await page.getByRole('heading', { level: 1, name: '社情民意信息草稿' }).waitFor({ timeout: 15_000 });
    expect(adoptBody).toEqual({ action: 'adopt', kind: 'social-report' });
    expect(await page.getByLabel('标题').inputValue()).toBe(draft.title);
    const text = await page.locator('main').innerText();
    expect(text).toContain('领导信箱 2 条');
    expect(text).toContain('138****5678');

    await page.getByLabel('正文').fill('一、基本情况\n魅力之城小区临街餐馆油烟直排，夜间噪音。\n二、建议\n督促安装油烟净化设施。');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存成功').waitFor();
    expect(puts).toEqual([{ title: draft.title, summary: '3 条诉求反映餐馆油烟直排。', body: '一、基本情况\n魅力之城小区临街餐馆油烟直排，夜间噪音。\n二、建议\n督促安装油烟净化设施。' }]);
    await screenshot(page, 'draft-editor');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已提交，不能再修改。').waitFor();
    expect(await page.getByLabel('标题').getAttribute('readonly')).not.toBeNull();
    await page.close();
  });
});
