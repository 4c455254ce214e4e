import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import { hotlineKafkaSources } from '../../connectors/hotline-12345/kafka.ts';
import type { KafkaSource } from '../../src/connectors/kafka-source.ts';
import { signBody } from '../../src/http/hmac.ts';
import { normaliseRecord } from '../../src/pipeline/normalise-record.ts';
import { createTopics, groupCaughtUp, produce } from '../helpers/kafka-client.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrderSchema, workOrderToDemand } from '../../connectors/hotline-12345/work-order.ts';
import { demandInputSchema } from '../../src/ingest/demand-input.ts';
import { toDemandInput } from '../../src/ingest/record-formats.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** China-time wall clock "YYYY-MM-DD HH:mm:ss" of an instant. */
const chinaTime = (d: Date) => {
  const c = new Date(d.getTime() + 8 * 3600_000);
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}:${pad(c.getUTCSeconds())}`;
};

const anyText = (maxLength: number) => fc.string({ unit: fc.oneof(fc.constantFrom(...'市民反映路灯噪音 　\n\t'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength });
const someText = (maxLength: number) => anyText(maxLength).filter((s) => s.trim().length > 0);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Work orders the 12345 platform may legitimately send: always valid. */
const goodWorkOrder = fc.record(
  {
    workOrderNo: fc.oneof(fc.stringMatching(/^FZ[0-9A-Za-z-]{4,40}$/), fc.maxSafeNat()),
    acceptTime: fc.date({ min: new Date('1990-01-02T00:00:00Z'), max: new Date(Date.now() - 86_400_000), noInvalidDate: true }).map(chinaTime),
    title: optional(fc.oneof(anyText(400), fc.constant(null))),
    content: someText(800),
    callerName: optional(fc.oneof(anyText(60), fc.constant(null))),
    callerPhone: optional(fc.stringMatching(/^1[3-9]\d{9}$/)),
    district: optional(anyText(60)),
    street: optional(anyText(60)),
    address: optional(anyText(300)),
    category: optional(anyText(100)),
    intake: optional(fc.constantFrom('电话', '网络', '微信', 'APP')),
  },
  { requiredKeys: ['workOrderNo', 'acceptTime', 'content'] },
);

const FIELDS = ['workOrderNo', 'acceptTime', 'title', 'content', 'callerName', 'callerPhone', 'district', 'address', 'category'] as const;

/** A good work order with one field broken (wrong type, removed, impossible date…). */
const nearMissWorkOrder = fc
  .tuple(goodWorkOrder, fc.constantFrom(...FIELDS), fc.oneof(fc.anything(), fc.constant(undefined), fc.constantFrom('', '   ', '2026-02-30 10:00:00', '25:00', 'x'.repeat(70_000))))
  .map(([order, field, value]) => ({ ...order, [field]: value }));

/** Anything a broken or hostile sender might put in a record's place. */
const junkRecord = fc.oneof(fc.anything({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), nearMissWorkOrder);

/** Message bytes: good work orders, junk JSON, random bytes, invalid UTF-8, truncated JSON. */
const kafkaValue = fc.oneof(
  { weight: 3, arbitrary: goodWorkOrder.map((o) => ({ good: o as { workOrderNo: string | number } | undefined, value: Buffer.from(JSON.stringify(o)) })) },
  { weight: 1, arbitrary: junkRecord.map((j) => ({ good: undefined, value: Buffer.from(JSON.stringify(j) ?? 'undefined') })) },
  // random bytes, NUL included (stored quarantined as base64: PostgreSQL text cannot hold U+0000)
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => ({ good: undefined, value: Buffer.from(b) })) },
  { weight: 1, arbitrary: goodWorkOrder.map((o) => ({ good: undefined, value: Buffer.from(`${JSON.stringify(o)}\u0000`) })) },
  { weight: 1, arbitrary: fc.tuple(goodWorkOrder, fc.nat()).map(([o, cut]) => ({ good: undefined, value: Buffer.concat([Buffer.from(JSON.stringify(o)).subarray(0, cut % 40), Buffer.from([0xc3, 0x28, 0xff])]) })) },
);

const meta = { source: 'hotline-12345', channel: 'hotline', receivedAt: new Date() };

/** Runs fn; anything thrown must be one of the allowed error classes. */
function throwsOnly(fn: () => unknown, ...allowed: Array<new (...args: never[]) => Error>): void {
  try {
    fn();
  } catch (error) {
    expect(allowed.some((E) => error instanceof E), `unexpected ${(error as Error)?.constructor?.name}: ${String(error)}`).toBe(true);
  }
}

describe('fuzz: 12345 work-order schema and mapping (pure)', () => {
  it('junk never throws anything but a ZodError, at the schema or at the canonical demand', () => {
    fc.assert(
      fc.property(junkRecord, (junk) => {
        throwsOnly(() => demandInputSchema.parse(workOrderToDemand(workOrderSchema.parse(junk))), ZodError);
      }),
      { numRuns: 4000 },
    );
  });

  it('stored payload text of any kind fails only with a ZodError or SyntaxError', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), junkRecord.map((j) => JSON.stringify(j) ?? ''));
    fc.assert(fc.property(text, (payload) => throwsOnly(() => toDemandInput('hotline-12345-v1', payload, meta), ZodError, SyntaxError)), { numRuns: 3000 });
  });

  it('every valid work order maps to a valid DemandInput that keeps its identity', () => {
    fc.assert(
      fc.property(goodWorkOrder, (order) => {
        const demand = demandInputSchema.parse(workOrderToDemand(workOrderSchema.parse(order)));
        expect(demand).toMatchObject({ source: 'hotline-12345', channel: 'hotline', sourceRef: String(order.workOrderNo).trim(), content: order.content.trim() });
        expect(demand.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
      }),
      { numRuns: 4000 },
    );
  });
});

const SECRET = 'fuzz-push-secret-0123456789-0123456789';
const demandRefs = async (t: TestApp, refs: string[]) => new Set((await t.ctx.prisma.demand.findMany({ where: { sourceRef: { in: refs } }, select: { sourceRef: true } })).map((d) => d.sourceRef));

describe('fuzz: signed HTTP push of work orders (PostgreSQL + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // no pipeline workers: this measures the push path; good records must be stored RECEIVED
    t = await startTestApp('redis-postgres', { workers: false, env: { HOTLINE_PUSH_SECRET: SECRET, MAX_BODY_BYTES: '400000' } });
  });
  afterAll(() => t?.close());

  let sent = 0;
  const push = async (body: Buffer) => {
    const ts = String(Math.floor(Date.now() / 1000) - (sent++ % 250)); // distinct signatures: no replay refusals
    const r = await fetch(`${t.url}/api/v1/connectors/hotline/workorders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lianxin-timestamp': ts, 'x-lianxin-signature': signBody(SECRET, ts, body) },
      body: new Uint8Array(body),
    });
    return { status: r.status, json: (await r.json()) as { error?: string; accepted?: Array<{ index: number }>; rejected?: Array<{ index: number; issues: unknown[] }> } };
  };

  it('answers 202/400/413 with reasons for batches mixing junk and good work orders, and the counts add up', async () => {
    const batch = fc.array(fc.oneof({ weight: 2, arbitrary: goodWorkOrder.map((o) => ({ good: true, record: o as unknown })) }, { weight: 1, arbitrary: junkRecord.map((j) => ({ good: false, record: j })) }), { maxLength: 25 });
    const body = fc.oneof(
      { weight: 6, arbitrary: batch.map((items) => ({ items, bytes: Buffer.from(JSON.stringify(items.map((i) => i.record))) })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ items: undefined, bytes: Buffer.from(b) })) },
      { weight: 1, arbitrary: fc.anything().map((a) => ({ items: undefined, bytes: Buffer.from(JSON.stringify(a) ?? '') })) },
    );
    let storedTotal = 0;
    let rejectedTotal = 0;
    const goodRefs: string[] = [];
    await fc.assert(
      fc.asyncProperty(body, async ({ items, bytes }) => {
        const { status, json } = await push(bytes);
        expect([202, 400, 413]).toContain(status);
        if (status !== 202 && !json.rejected) {
          expect(json.error, 'a 400/413 names its reason').toEqual(expect.any(String));
          return;
        }
        const accepted = new Set(json.accepted!.map((a) => a.index));
        expect(accepted.size + json.rejected!.length).toBe(items ? items.length : json.accepted!.length + json.rejected!.length);
        for (const r of json.rejected!) expect(r.issues.length).toBeGreaterThan(0);
        items?.forEach((item, index) => {
          if (!item.good) return;
          expect(accepted.has(index), `good work order at ${index} accepted`).toBe(true);
          goodRefs.push(String((item.record as { workOrderNo: unknown }).workOrderNo).trim());
        });
        storedTotal += accepted.size + json.rejected!.length;
        rejectedTotal += json.rejected!.length;
      }),
      { numRuns: 250 },
    );
    const tooMany = await push(Buffer.from(JSON.stringify(Array.from({ length: 1001 }, () => ({})))));
    const tooLarge = await push(Buffer.from(JSON.stringify([{ content: 'x'.repeat(500_000) }])));
    expect([tooMany.status, tooLarge.status]).toEqual([413, 413]);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    const { prisma } = t.ctx;
    expect(await prisma.rawRecord.count()).toBe(storedTotal);
    const quarantined = await prisma.rawRecord.findMany({ where: { state: 'QUARANTINED' }, select: { error: true } });
    expect(quarantined).toHaveLength(rejectedTotal);
    for (const q of quarantined) expect(q.error).toMatch(/\S/);
    expect(await prisma.rawRecord.count({ where: { state: 'RECEIVED' } })).toBe(storedTotal - rejectedTotal);
    const receivedRefs = new Set((await prisma.rawRecord.findMany({ where: { state: 'RECEIVED' }, select: { sourceRef: true } })).map((r) => r.sourceRef));
    for (const ref of goodRefs) expect(receivedRefs.has(ref), `good work order ${ref} stored RECEIVED`).toBe(true);
  }, 90_000);
});

const brokers = inject('kafkaBrokers');

describe.skipIf(!brokers)('fuzz: Kafka work-order consumer with fuzzed message bytes', () => {
  let t: TestApp;
  const tag = randomBytes(4).toString('hex');
  const topic = `fuzz-wo-${tag}`;
  beforeAll(async () => {
    await createTopics(brokers, [topic, `fuzz-st-${tag}`, `fuzz-out-${tag}`]);
    // only the work-order consumer runs; records are normalised below by the real normaliser (no merge/route load)
    t = await startTestApp('redis-postgres', { http: false, workers: false, env: { KAFKA_BROKERS: brokers, KAFKA_WORKORDER_TOPIC: topic, KAFKA_STATUS_IN_TOPIC: `fuzz-st-${tag}`, KAFKA_STATUS_OUT_TOPIC: `fuzz-out-${tag}`, KAFKA_GROUP_ID: `fg-${tag}` } });
  });
  afterAll(async () => {
    await consumer?.stop();
    await t?.close();
  });
  let consumer: KafkaSource | undefined;

  it('stores every message, quarantines junk, turns good ones into demands, and commits to the end', async () => {
    const messages = fc.sample(kafkaValue, { numRuns: 3000, seed: 20261122 });
    const tombstones = 5;
    await produce(brokers, topic, [...messages.map((m, i) => ({ key: `k${i}`, value: m.value })), ...Array.from({ length: tombstones }, () => ({ value: null as unknown as Buffer }))]);
    const total = messages.length + tombstones;
    const { prisma } = t.ctx;
    consumer = hotlineKafkaSources(t.ctx)[0]!;
    await consumer.start();
    await waitFor(async () => (await prisma.rawRecord.count()) === total, { what: `${total} records stored`, timeoutMs: 60_000 });
    expect(await waitFor(() => groupCaughtUp(brokers, `fg-${tag}-workorders`, topic), { what: 'offsets at the end' })).toBe(true);
    const received = await prisma.rawRecord.findMany({ where: { state: 'RECEIVED' }, select: { id: true } });
    for (let i = 0; i < received.length; i += 25) await Promise.all(received.slice(i, i + 25).map((r) => normaliseRecord(t.ctx, r.id)));
    const byState = Object.fromEntries((await prisma.rawRecord.groupBy({ by: ['state'], _count: true })).map((g) => [g.state, g._count]));
    expect((byState.ACCEPTED ?? 0) + (byState.QUARANTINED ?? 0)).toBe(total);
    const goodRefs = messages.flatMap((m) => (m.good ? [String(m.good.workOrderNo).trim()] : []));
    expect((await demandRefs(t, goodRefs)).size).toBe(new Set(goodRefs).size);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const undecodable = messages.filter((m) => {
      try {
        JSON.parse(strict.decode(m.value));
        return false;
      } catch {
        return true;
      }
    }).length;
    expect(byState.QUARANTINED).toBeGreaterThanOrEqual(undecodable + tombstones);
    const reasons = await prisma.rawRecord.findMany({ where: { state: 'QUARANTINED' }, select: { error: true } });
    expect(reasons.every((r) => /\S/.test(r.error ?? ''))).toBe(true);
    expect(reasons.some((r) => /not valid UTF-8/.test(r.error!))).toBe(true);
    expect(reasons.filter((r) => /empty message value/.test(r.error!))).toHaveLength(tombstones);
  }, 120_000);
});
