import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';

export function kafkaClient(brokers: string) {
  return new Kafka({ clientId: 'lianxin-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

export async function createTopics(brokers: string, topics: string[], numPartitions = 3): Promise<void> {
  const admin: Admin = kafkaClient(brokers).admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })), waitForLeaders: true });
  await admin.disconnect();
}

export async function produce(brokers: string, topic: string, messages: Array<{ key?: string; value: Buffer | string }>): Promise<void> {
  const producer = kafkaClient(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, messages: messages.slice(i, i + 500) });
  await producer.disconnect();
}

/** Committed offsets of a group equal the topic's end offsets on every partition. */
export async function groupCaughtUp(brokers: string, groupId: string, topic: string): Promise<boolean> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every((e) => committed?.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
  } finally {
    await admin.disconnect();
  }
}

export async function consumeAll(brokers: string, topic: string, expected: number, timeoutMs = 30_000) {
  const consumer = kafkaClient(brokers).consumer({ groupId: `reader-${Date.now()}-${Math.random()}` });
  const seen: Array<{ key: string | null; value: any; headers: Record<string, string> }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen.length}/${expected} messages on ${topic}`)), timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        seen.push({ key: message.key?.toString() ?? null, value: JSON.parse(message.value!.toString()), headers });
        if (seen.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return seen;
}
