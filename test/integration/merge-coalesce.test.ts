import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { classifyDemands } from '../../src/pipeline/classify-demand.ts';
import { mergeDemands } from '../../src/pipeline/merge-demand.ts';
import { normaliseRecords } from '../../src/pipeline/normalise-records.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const record = (i: number, place: string) => ({
  source: 'hotline-12345',
  sourceRef: `co-${i}`,
  format: 'demand-v1' as const,
  payload: JSON.stringify({ source: 'hotline-12345', sourceRef: `co-${i}`, channel: 'hotline', district: 'A2区', occurredAt: '2026-11-20T09:00:00+08:00', content: `A2区${place}门口道路坑洼积水，车辆通行困难，行人经常摔倒，请尽快修路。` }),
});

describe('merge stage: one transaction takes the demands queued up behind it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('embedded', { workers: false, http: false });
  }, 60_000);
  afterAll(async () => t?.close());

  it('merges its own demand and the others waiting at MERGE, up to the limit, and leaves the rest', async () => {
    const records = [0, 1, 2, 3, 4, 5].map((i) => record(i, i < 4 ? '青青家园' : `幸福里${i}号院`));
    const ids = (await receiveRecords(t.ctx, records)).map((r) => r.id);
    const accepted = (await normaliseRecords(t.ctx, ids)).accepted.map((a) => a.demandId);
    expect(await classifyDemands(t.ctx, accepted)).toHaveLength(6);
    const [first] = accepted;
    const batch = await mergeDemands(t.ctx, [first!], { coalesceUpTo: 5 });
    // its own demand first, then the four oldest waiting ones
    expect([...batch.results.keys()]).toEqual(accepted.slice(0, 5));
    const stages = await t.ctx.prisma.demand.findMany({ where: { id: { in: accepted } }, select: { id: true, stage: true, ticketId: true } });
    const byId = new Map(stages.map((s) => [s.id, s]));
    expect(accepted.map((id) => byId.get(id)!.stage)).toEqual(['ROUTE', 'ROUTE', 'ROUTE', 'ROUTE', 'ROUTE', 'MERGE']);
    // the same issue at one estate became one ticket within the transaction
    expect(new Set(accepted.slice(0, 4).map((id) => byId.get(id)!.ticketId)).size).toBe(1);
    expect(batch.tickets.map((x) => x.ticketId).sort()).toEqual([...new Set(accepted.slice(0, 5).map((id) => byId.get(id)!.ticketId!))].sort());
    // a later job for an already merged demand finds nothing to do, without coalescing either
    expect((await mergeDemands(t.ctx, [accepted[1]!], { coalesceUpTo: 5 })).results.size).toBe(0);
    expect((await t.ctx.prisma.demand.findUnique({ where: { id: accepted[5]! } }))?.stage).toBe('MERGE');
  }, 60_000);
});
