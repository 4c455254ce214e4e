import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from './postgres.ts';

describe('test services', () => {
  it('Redis answers SET/GET', async () => {
    const redis = new Redis(inject('redisUrl'));
    try {
      const key = `smoke:${randomUUID()}`;
      await redis.set(key, 'hello', 'EX', 60);
      expect(await redis.get(key)).toBe('hello');
    } finally {
      redis.disconnect();
    }
  });

  it('PostgreSQL gives each test file its own database', async () => {
    const database = await createTestDatabase(inject('databaseUrl'), 'services_smoke');
    const client = new pg.Client({ connectionString: database.url });
    try {
      await client.connect();
      const { rows } = await client.query<{ name: string; sum: number }>('SELECT current_database() AS name, 1 + 1 AS sum');
      expect(rows[0]).toEqual({ name: new URL(database.url).pathname.slice(1), sum: 2 });
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it.skipIf(inject('kafkaBrokers') === '')('Kafka round-trips a message', async () => {
    const kafka = new Kafka({ clientId: 'services-smoke', brokers: inject('kafkaBrokers').split(','), logLevel: logLevel.WARN });
    const topic = `smoke-${randomUUID()}`;
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k', value: 'hello kafka' }] });

      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const received = new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') });
      });
      expect(await received).toBe('hello kafka');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
