import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpCallbackSink, outboxBackoff, type OutboxEvent } from '../../src/status/outbox-dispatcher.ts';

describe('outboxBackoff', () => {
  it('starts at one second and doubles', () => {
    expect([1, 2, 3, 4, 5].map(outboxBackoff)).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(outboxBackoff(0)).toBe(1000);
  });

  it('never decreases and caps at 15 minutes', () => {
    const delays = Array.from({ length: 40 }, (_, i) => outboxBackoff(i + 1));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(outboxBackoff(10)).toBe(512_000);
    expect(outboxBackoff(11)).toBe(15 * 60_000);
    expect(outboxBackoff(40)).toBe(15 * 60_000);
    expect(outboxBackoff(5000)).toBe(15 * 60_000);
  });
});

interface Received {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | undefined;

afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
});

async function startServer(status: number): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = status;
      res.end(status >= 400 ? 'nope' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/status-callback`, received };
}

const event: OutboxEvent = {
  id: 'evt-1',
  eventType: 'member.action',
  aggregateId: 'ticket-9',
  idempotencyKey: 'member-action-abc',
  payload: { label: '形成提案', kind: 'proposal' },
  createdAt: new Date('2024-05-01T02:00:00Z'),
};

describe('httpCallbackSink', () => {
  it('POSTs the event as JSON with the idempotency key header', async () => {
    const { url, received } = await startServer(200);
    await httpCallbackSink(url).deliver(event);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe('member-action-abc');
    expect(JSON.parse(request!.body)).toEqual({
      id: 'evt-1',
      type: 'member.action',
      ticketId: 'ticket-9',
      idempotencyKey: 'member-action-abc',
      createdAt: '2024-05-01T02:00:00.000Z',
      data: { label: '形成提案', kind: 'proposal' },
    });
  });

  it('throws when the callback answers 500', async () => {
    const { url, received } = await startServer(500);
    await expect(httpCallbackSink(url).deliver(event)).rejects.toThrow('callback answered HTTP 500');
    expect(received).toHaveLength(1);
  });

  it('throws when nothing listens', async () => {
    const { url } = await startServer(200);
    const s = server!;
    server = undefined;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    await expect(httpCallbackSink(url, 2000).deliver(event)).rejects.toThrow();
  });
});
