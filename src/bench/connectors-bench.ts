import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { createApp, type App } from '../app/create-app.ts';
import { loadConfig } from '../config.ts';
import { signBody } from '../http/hmac.ts';
import { buildServer } from '../http/server.ts';
import { createLogger } from '../logger.ts';
import { hotlineKafkaSources } from '../../connectors/hotline-12345/kafka.ts';

export interface ConnectorsBenchOptions {
  /** Work orders pre-produced to Kafka (default 50,000). */
  kafkaRecords?: number;
  /** Work orders pushed over HTTP in signed batches (default 50,000). */
  httpRecords?: number;
  /** Records per HTTP request (default 1000) and concurrent senders (default 4). */
  batchSize?: number;
  senders?: number;
  partitions?: number;
}

export interface Throughput {
  recordsPerSec: number;
  records: number;
  seconds: number;
}

const SECRET = randomBytes(24).toString('hex');

const workOrder = (prefix: string, i: number) => ({
  workOrderNo: `${prefix}${String(i).padStart(8, '0')}`,
  acceptTime: `2026-11-${String(1 + (i % 20)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')}:00`,
  title: `第${i % 97}号路灯损坏`,
  content: `市民来电反映：A${1 + (i % 7)}区幸福路${i % 97}号附近的路灯损坏已有两周，夜间出行不安全，希望尽快维修。`,
  callerName: '王小明',
  callerPhone: `139${String(10_000_000 + (i % 10_000_000)).slice(-8)}`,
  district: `A${1 + (i % 7)}区`,
  category: '城乡建设/市政设施',
});

const throughput = (records: number, ms: number): Throughput => ({ recordsPerSec: Math.round(records / (ms / 1000)), records, seconds: Math.round(ms) / 1000 });

/**
 * Ingest throughput (records stored as RawRecords per second) with PostgreSQL (DATABASE_URL,
 * a throwaway database is created beside it) through the Kafka work-order consumer
 * (KAFKA_BROKERS; the topic is filled first, then timed from consumer start until all are
 * stored) and through signed HTTP pushes. Pipeline workers stay off: store + commit/answer only.
 */
export async function runConnectorsBench(opts: ConnectorsBenchOptions = {}): Promise<{ kafka: Throughput; http: Throughput }> {
  const { DATABASE_URL: adminUrl, KAFKA_BROKERS: brokers } = process.env;
  if (!adminUrl || !brokers) throw new Error('the connectors bench needs DATABASE_URL (PostgreSQL) and KAFKA_BROKERS');
  const tag = `bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await createDatabase(adminUrl, tag);
  const topic = `${tag}-workorders`;
  let app: App | undefined;
  try {
    app = await createApp(
      loadConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_WORKORDER_TOPIC: topic, KAFKA_GROUP_ID: tag, QUEUE_PREFIX: tag, HOTLINE_PUSH_SECRET: SECRET, LOG_LEVEL: 'silent', LIANXIN_DEMO: 'off' }),
      createLogger('silent'),
    );
    const kafka = await benchKafka(app, brokers, topic, opts.kafkaRecords ?? 50_000, opts.partitions ?? 3);
    const http = await benchHttp(app, opts.httpRecords ?? 50_000, opts.batchSize ?? 1000, opts.senders ?? 4);
    return { kafka, http };
  } finally {
    await app?.close();
    await dropDatabase(adminUrl, tag);
  }
}

async function benchKafka(app: App, brokers: string, topic: string, count: number, partitions: number): Promise<Throughput> {
  const client = new Kafka({ clientId: 'lianxin-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < count; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ key: String(i + j), value: JSON.stringify(workOrder('BK', i + j)) }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  const source = hotlineKafkaSources(app.ctx)[0]!;
  const started = performance.now();
  await source.start();
  while ((await app.ctx.prisma.rawRecord.count({ where: { sourceRef: { startsWith: 'BK' } } })) < count) await new Promise((r) => setTimeout(r, 50));
  const result = throughput(count, performance.now() - started);
  await source.stop();
  return result;
}

async function benchHttp(app: App, count: number, batchSize: number, senders: number): Promise<Throughput> {
  const server = await buildServer(app.ctx);
  const url = `${await server.listen({ host: '127.0.0.1', port: 0 })}/api/v1/connectors/hotline/workorders`;
  const bodies = Array.from({ length: Math.ceil(count / batchSize) }, (_, b) =>
    JSON.stringify(Array.from({ length: Math.min(batchSize, count - b * batchSize) }, (_, j) => workOrder('BH', b * batchSize + j))),
  );
  let next = 0;
  const send = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const ts = String(Math.floor(Date.now() / 1000));
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lianxin-timestamp': ts, 'x-lianxin-signature': signBody(SECRET, ts, body) }, body });
      if (response.status !== 202) throw new Error(`push answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer().catch(() => undefined);
    }
  };
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: senders }, send));
    return throughput(count, performance.now() - started);
  } finally {
    await server.close();
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`).finally(() => client.end());
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
}
