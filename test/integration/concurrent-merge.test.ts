import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { upsertMembers } from '../../src/members/member-import.ts';
import { mergeIndex } from '../../src/merge/merge-index-sync.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const COPIES = 12;
/** Five different issues (different estates and problems); each is reported in three wordings. */
const ISSUES = [
  ['幸福里小区', '3号楼电梯经常故障，困人多次，请尽快维修。', '3号楼电梯又故障了，困人多次，物业一直不修。', '电梯故障频发，居民上下楼很危险，希望监管部门督促维修电梯。'],
  ['丽发新城', '旁边的搅拌站每天凌晨施工，噪音扰民，粉尘很大。', '搅拌站夜间作业噪音太大，居民无法休息，请关停搅拌站。', '附近搅拌站粉尘污染严重，晚上还有噪音，影响孩子学习。'],
  ['森宇家园', '楼下餐馆油烟直排，窗户都不敢开。', '楼下几家餐馆油烟严重，营业到凌晨，窗户都不敢开。', '楼下餐馆油烟扰民，投诉多次没人管，请环保部门处理餐馆油烟。'],
  ['青青家园', '门口道路坑洼积水，车辆通行困难，行人经常摔倒。', '门口道路坑洼积水多年，行人经常摔倒，请尽快修路。', '道路破损坑洼，老人小孩摔倒多次，希望修复道路。'],
  ['梅溪湖小学', '门口上学放学时段交通拥堵，没有交警疏导，学生过马路很危险。', '学校门口早晚高峰车辆乱停，孩子过马路不安全，请设置红绿灯。', '上下学时段门口车辆拥堵，学生安全隐患大，请加派交警。'],
] as const;

function demand(issue: number, copy: number) {
  const sourceRef = `g${issue}-c${copy}`;
  const [place, ...wordings] = ISSUES[issue]!;
  const channel = copy % 2 ? 'hotline' : 'mailbox';
  return {
    source: copy % 2 ? 'hotline-12345' : 'mailbox',
    sourceRef,
    format: 'demand-v1' as const,
    payload: JSON.stringify({
      source: copy % 2 ? 'hotline-12345' : 'mailbox',
      sourceRef,
      channel,
      // exact repeats (copy ≥ 3 repeats a wording; punctuation and phone vary) and rewordings
      content: `A2区${place}${wordings[copy % 3]}${copy % 2 ? '！' : ''}联系电话1390000${String(copy).padStart(4, '0')}`,
      district: 'A2区',
      occurredAt: '2026-11-20T09:00:00+08:00',
    }),
  };
}

describe('two worker processes on Redis + PostgreSQL merging the same issues at once', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp('redis-postgres', { env: { WORKER_CONCURRENCY: '8' } });
    b = await startTestApp('redis-postgres', { shareWith: a, env: { WORKER_CONCURRENCY: '8' } });
    await upsertMembers(a.ctx.prisma, [{ line: 1, row: { name: '委员甲', sector: '经济界', regions: 'A2区', username: 'm.jia', password: 'password-123' } }]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('produces exactly one ticket per issue, with a merge reason per demand, and both indexes agree', async () => {
    const records = Array.from({ length: ISSUES.length * COPIES }, (_, i) => demand(i % ISSUES.length, Math.floor(i / ISSUES.length)));
    // both processes receive half of the copies at the same moment
    await Promise.all([receiveRecords(a.ctx, records.filter((_, i) => i % 2 === 0)), receiveRecords(b.ctx, records.filter((_, i) => i % 2 === 1))]);
    const { prisma } = a.ctx;
    await waitFor(async () => (await prisma.demand.count({ where: { stage: 'DONE' } })) === ISSUES.length * COPIES, { what: 'all demands DONE', timeoutMs: 90_000 });

    const tickets = await prisma.ticket.findMany({ include: { demands: true } });
    if (tickets.length !== ISSUES.length) console.log(JSON.stringify(tickets.map((t) => t.demands.map((d) => [d.sourceRef, d.title, d.content, d.mergeReason])), null, 1));
    expect(tickets).toHaveLength(ISSUES.length);
    for (const ticket of tickets) {
      expect(ticket.demandCount).toBe(COPIES);
      expect(ticket.demands).toHaveLength(COPIES);
      expect(new Set(ticket.demands.map((d) => d.sourceRef.split('-')[0])).size).toBe(1);
      expect(ticket.channels.sort()).toEqual(['hotline', 'mailbox']);
      expect(ticket.version).toBe(COPIES);
      const reasons = ticket.demands.map((d) => d.mergeReason as { reason: string; score: number; sharedPlaces: string[]; passages: string[] });
      expect(reasons.filter((r) => r.reason === 'new-ticket')).toHaveLength(1);
      for (const r of reasons.filter((x) => x.reason !== 'new-ticket')) {
        expect(r.score).toBeGreaterThan(0.4);
        expect(Array.isArray(r.sharedPlaces) && Array.isArray(r.passages)).toBe(true);
      }
    }
    expect(await prisma.mergeEvent.count({ where: { kind: 'open' } })).toBe(ISSUES.length);
    const span = await prisma.mergeEvent.aggregate({ _min: { createdAt: true }, _max: { createdAt: true }, _count: true });
    // not asserted (shared machine): how fast serialised decisions went, for the report
    console.log(`merge decisions: ${span._count} in ${span._max.createdAt!.getTime() - span._min.createdAt!.getTime()} ms across two processes`);
    // each process's in-memory index, after catching up, puts every demand in its ticket
    for (const app of [a, b]) {
      const sync = mergeIndex(app.ctx);
      await app.ctx.database.transaction((query) => sync.catchUp(query));
      for (const t of tickets) for (const d of t.demands) expect(sync.engine.clusterOf(d.id)).toBe(t.id);
    }
    await waitFor(async () => (await prisma.inboxItem.count({ where: { pushedAt: { not: null } } })) === ISSUES.length, { what: 'inbox items pushed' });
    expect(await prisma.inboxItem.count()).toBe(ISSUES.length);
    const completedBy = await Promise.all([a.ctx.queue.counts(), b.ctx.queue.counts()]);
    expect(completedBy[0].merge.failed + completedBy[1].merge.failed).toBe(0);
    expect(completedBy[0].merge.completed).toBeGreaterThan(0);
    expect(completedBy[1].merge.completed).toBeGreaterThan(0);
  });
});
