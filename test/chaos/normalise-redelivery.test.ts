import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveRecords, type IncomingRecord } from '../../src/ingest/receive-records.ts';
import { normaliseRecords } from '../../src/pipeline/normalise-records.ts';
import { MODES } from '../helpers/test-app.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const record = (i: number, ref = `r${i}`): IncomingRecord => ({
  source: 'chaos-batch',
  sourceRef: ref,
  channel: 'mailbox',
  format: 'demand-v1',
  payload: JSON.stringify({ source: 'chaos-batch', sourceRef: ref, channel: 'mailbox', title: `标题${i}`, content: `A1区幸福路${i}号路灯坏了，电话13912345678`, occurredAt: '2026-11-01T02:00:00.000Z' }),
});

describe.each(MODES)('batched normalise under redelivery (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false });
  });
  afterAll(async () => t?.close());

  it('turns every record into exactly one demand however often the batch runs', async () => {
    // the same (source, sourceRef) twice (a replay), and one record that does not parse
    const stored = await receiveRecords(t.ctx, [...Array.from({ length: 30 }, (_, i) => record(i)), record(5), { ...record(99), payload: '{"oops":' }]);
    const ids = stored.map((s) => s.id);
    const first = await normaliseRecords(t.ctx, ids);
    const again = await normaliseRecords(t.ctx, [...ids].reverse());
    expect(first.quarantined).toBe(1);
    expect(first.accepted).toHaveLength(31);
    expect(new Set(first.accepted.map((a) => a.demandId)).size).toBe(30);
    expect(again.accepted.map((a) => a.demandId).sort()).toEqual(first.accepted.map((a) => a.demandId).sort());
    expect(await t.ctx.prisma.demand.count()).toBe(30);
    const raws = await t.ctx.prisma.rawRecord.findMany({ select: { state: true, demandId: true } });
    expect(raws.filter((r) => r.state === 'ACCEPTED' && r.demandId)).toHaveLength(31);
    expect(raws.filter((r) => r.state === 'QUARANTINED')).toHaveLength(1);
    const demand = await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: 'r3' } });
    expect(demand.content).not.toContain('13912345678');
  });
});
