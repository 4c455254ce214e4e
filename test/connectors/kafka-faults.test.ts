import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafka, type RunningKafka } from '../services/kafka.ts';
import { createTopics, groupCaughtUp, produce } from '../helpers/kafka-client.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrder } from '../helpers/work-orders.ts';

/**
 * A broker of its own (restarting the shared one would disturb other test files):
 * the consumer must go on after a broker restart and after a consumer-group rebalance.
 */
describe.skipIf(process.env.LIANXIN_TEST_KAFKA === 'off')('12345 Kafka consumer under faults', () => {
  let kafka: RunningKafka;
  let first: TestApp;
  let second: TestApp | undefined;
  const tag = randomBytes(4).toString('hex');
  const topic = `wo-${tag}`;
  const orders = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ value: JSON.stringify(workOrder(from + i)) }));
  const env = () => ({ KAFKA_BROKERS: kafka.brokers, KAFKA_WORKORDER_TOPIC: topic, KAFKA_STATUS_IN_TOPIC: `st-${tag}`, KAFKA_GROUP_ID: `g-${tag}` });

  beforeAll(async () => {
    kafka = await startKafka();
    await createTopics(kafka.brokers, [topic, `st-${tag}`]);
    first = await startTestApp('redis-postgres', { http: false, env: env() });
  }, 180_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await kafka?.stop();
  });

  const demands = () => first.ctx.prisma.demand.count({ where: { source: 'hotline-12345' } });

  it('goes on after the broker restarts', async () => {
    await produce(kafka.brokers, topic, orders(0, 200));
    await waitFor(async () => (await demands()) === 200, { what: '200 demands before the restart', timeoutMs: 60_000 });
    await kafka.restart();
    await produce(kafka.brokers, topic, orders(200, 200));
    await waitFor(async () => (await demands()) === 400, { what: '400 demands after the restart', timeoutMs: 120_000, intervalMs: 500 });
  }, 240_000);

  it('goes on through a rebalance when a second consumer joins, each record once', async () => {
    second = await startTestApp('redis-postgres', { http: false, shareWith: first, env: env() });
    await produce(kafka.brokers, topic, orders(400, 300));
    await waitFor(async () => (await demands()) === 700, { what: '700 demands after the rebalance', timeoutMs: 120_000, intervalMs: 500 });
    expect(await waitFor(() => groupCaughtUp(kafka.brokers, `g-${tag}-workorders`, topic), { what: 'offsets committed' })).toBe(true);
    const refs = await first.ctx.prisma.demand.findMany({ where: { source: 'hotline-12345' }, select: { sourceRef: true } });
    expect(new Set(refs.map((r) => r.sourceRef)).size).toBe(700);
  }, 240_000);
});
