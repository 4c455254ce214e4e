import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxPoller } from '../../connectors/mailbox/poller.ts';
import { startMailboxSimulator, type FeedSimulator, type SimulatedLetter } from '../../connectors/mailbox/simulator.ts';
import { pollWithLease, schedulePoller } from '../../src/connectors/poller-schedule.ts';
import { acquireLease, releaseLease } from '../../src/db/lease.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

describe('scheduled, leased polling (PostgreSQL)', () => {
  let t: TestApp;
  let sim: FeedSimulator<SimulatedLetter>;
  const count = () => t.ctx.prisma.rawRecord.count({ where: { source: 'mailbox' } });

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    sim = await startMailboxSimulator({ count: 40 });
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it('skips a run while another process holds the lease, and polls once it is released', async () => {
    const poller = mailboxPoller(t.ctx, { url: sim.url });
    expect(await acquireLease(t.ctx.prisma, `poller:${poller.name}`, 'other-process', 60_000)).toBe(true);
    expect(await pollWithLease(t.ctx, poller)).toBeUndefined();
    expect(sim.requests).toHaveLength(0);
    await releaseLease(t.ctx.prisma, `poller:${poller.name}`, 'other-process');
    expect(await pollWithLease(t.ctx, poller)).toMatchObject({ stored: 40 });
  });

  it('lets exactly one of two concurrent processes poll', async () => {
    const [a, b] = [mailboxPoller(t.ctx, { url: sim.url }), mailboxPoller(t.ctx, { url: sim.url })];
    sim.failNext(1, 503); // keeps the first run busy for a backoff
    const runs = await Promise.all([pollWithLease(t.ctx, a, { holder: 'process-a' }), pollWithLease(t.ctx, b, { holder: 'process-b' })]);
    expect(runs.filter((r) => r === undefined)).toHaveLength(1);
  });

  it('polls on its node-cron schedule and stops', async () => {
    const stored = await t.ctx.prisma.rawRecord.findFirstOrThrow({ where: { source: 'mailbox' } });
    sim.add([{ ...(JSON.parse(stored.payload) as SimulatedLetter), letterId: 'L-scheduled', updatedAt: new Date(Date.now() + 60_000).toISOString() }]);
    const before = await count();
    const schedule = schedulePoller(t.ctx, mailboxPoller(t.ctx, { url: sim.url }), { cron: '* * * * * *' });
    await waitFor(async () => (await count()) === before + 1, { what: 'scheduled run stored the new letter', timeoutMs: 10_000 });
    await schedule.stop();
    expect(await t.ctx.prisma.rawRecord.count({ where: { sourceRef: 'L-scheduled' } })).toBe(1);
  });
});
