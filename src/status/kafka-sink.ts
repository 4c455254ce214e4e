import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { OutboxEvent, OutboxSink } from './outbox-dispatcher.ts';

/**
 * Publishes outbox events to a Kafka topic (e.g. hotline.status). The key is the ticket id,
 * so one ticket's events stay in one partition and in order; the idempotency key travels
 * as a header for receivers to deduplicate. The producer is idempotent (no broker-side
 * duplicates from retries).
 */
export class KafkaOutboxSink implements OutboxSink {
  readonly name = 'kafka';
  private producer?: Producer;
  private connecting?: Promise<void>;

  constructor(private readonly brokers: string[], private readonly topic: string, private readonly clientId: string) {}

  async deliver(event: OutboxEvent): Promise<void> {
    const producer = await this.connected();
    await producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: event.aggregateId,
          value: JSON.stringify({ id: event.id, type: event.eventType, ticketId: event.aggregateId, idempotencyKey: event.idempotencyKey, createdAt: event.createdAt, data: event.payload }),
          headers: { 'idempotency-key': event.idempotencyKey, 'event-type': event.eventType },
        },
      ],
    });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }

  private async connected(): Promise<Producer> {
    if (!this.producer) {
      const kafka = new Kafka({ clientId: this.clientId, brokers: this.brokers, logLevel: logLevel.NOTHING });
      this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      this.connecting = this.producer.connect();
    }
    await this.connecting;
    return this.producer;
  }
}
