import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import type { AppContext } from '../app/context.ts';
import { receiveRecords, type IncomingRecord } from '../ingest/receive-records.ts';
import { errorMessage } from '../queue/job-queue.ts';
import { recordError, recordSuccess } from './connector-state.ts';

export interface KafkaSourceOptions {
  /** Connector name, as shown by GET /api/v1/connectors. */
  name: string;
  topic: string;
  groupId: string;
  /** One Kafka message → one record to store; must not throw (bad input becomes `error`). */
  toRecord(message: KafkaMessage, value: DecodedValue, position: string): IncomingRecord;
}

export type DecodedValue = { ok: true; text: string; json: unknown } | { ok: false; text: string; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 + JSON decoding of a message value; failures carry a reason, never throw. */
export function decodeValue(value: Buffer | null): DecodedValue {
  if (!value) return { ok: false, text: 'null', error: 'empty message value' };
  let text: string;
  try {
    text = decoder.decode(value);
  } catch {
    return { ok: false, text: JSON.stringify({ base64: value.toString('base64') }), error: 'message value is not valid UTF-8' };
  }
  try {
    return { ok: true, text, json: JSON.parse(text) };
  } catch (error) {
    return { ok: false, text, error: `message value is not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Kafka consumer group on one topic, following Kafka Connect's source contract: the
 * records of a batch are stored (RawRecord) first, and only then is the offset committed.
 * A crash in between redelivers the batch; (source, sourceRef) uniqueness makes that
 * harmless. A message that does not decode or parse is stored quarantined and the
 * partition goes on.
 */
export class KafkaSource {
  private consumer?: Consumer;

  constructor(private readonly ctx: AppContext, private readonly options: KafkaSourceOptions) {}

  async start(): Promise<void> {
    const { config } = this.ctx;
    const kafka = new Kafka({ clientId: `${config.KAFKA_CLIENT_ID}-${this.options.name}`, brokers: config.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: this.options.groupId, retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 } });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const records = batch.messages.map((m) => this.options.toRecord(m, decodeValue(m.value), `${batch.topic}/${batch.partition}/${m.offset}`));
        try {
          for (let i = 0; i < records.length; i += 500) await receiveRecords(this.ctx, records.slice(i, i + 500));
        } catch (error) {
          await recordError(this.ctx.prisma, this.options.name, errorMessage(error)).catch(() => undefined);
          throw error; // not committed: kafkajs retries the batch
        }
        const last = batch.messages[batch.messages.length - 1]!.offset;
        await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        resolveOffset(last);
        await recordSuccess(this.ctx.prisma, this.options.name, { topic: batch.topic, [`partition${batch.partition}`]: (BigInt(last) + 1n).toString(), highWatermark: batch.highWatermark });
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
