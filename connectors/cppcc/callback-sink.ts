import type { OutboxEvent, OutboxSink } from '../../src/status/outbox-dispatcher.ts';

/**
 * Sends outbox events (member actions, ticket statuses) back to the smart-CPPCC platform:
 * POST {callback URL} with the bearer token and an Idempotency-Key header, so the platform
 * drops repeated deliveries. 2xx, or 409 (already received), is delivered; anything else
 * fails and the outbox retries it with backoff.
 */
export class CppccCallbackSink implements OutboxSink {
  readonly name = 'cppcc-callback';

  constructor(
    private readonly url: string,
    private readonly token?: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async deliver(event: OutboxEvent): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': event.idempotencyKey,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ eventId: event.id, type: event.eventType, ticketId: event.aggregateId, idempotencyKey: event.idempotencyKey, occurredAt: event.createdAt, data: event.payload }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok && response.status !== 409) throw new Error(`CPPCC platform answered HTTP ${response.status}`);
  }
}
