import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The status callback endpoint for fault injection: applies each event once by its
 * Idempotency-Key and counts every delivery; `down()` stops listening (connections
 * refused) and `up()` listens on the same port again.
 */
export class CallbackReceiver {
  /** Deliveries per idempotency key. */
  readonly deliveries = new Map<string, number>();
  /** Effects applied (one per key): what a receiver that dedups would do. */
  effects = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/status`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string' || !key) {
          res.writeHead(400).end('missing Idempotency-Key');
          return;
        }
        const seen = this.deliveries.get(key) ?? 0;
        this.deliveries.set(key, seen + 1);
        if (seen === 0) this.effects += 1;
        res.writeHead(seen === 0 ? 201 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }

  duplicates(): number {
    return [...this.deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
  }
}
