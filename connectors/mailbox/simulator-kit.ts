import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Building blocks of the upstream simulators (mailbox, message board, CPPCC): a feed
 * ordered by (updatedAt, id) with incremental paging, and a real HTTP server with bearer
 * auth, a request log and fault injection.
 */
export interface FeedEntry {
  id: string;
  updatedAt: string;
  value: unknown;
}

const order = (a: { id: string; updatedAt: string }, b: { id: string; updatedAt: string }) =>
  Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SimulatedFeed {
  private entries: FeedEntry[] = [];

  /** Adds or replaces (an update of) the item with this id. */
  put(entry: FeedEntry): void {
    this.entries = this.entries.filter((e) => e.id !== entry.id);
    this.entries.push(entry);
    this.entries.sort(order);
  }

  get(id: string): unknown {
    return this.entries.find((e) => e.id === id)?.value;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Entries strictly after (updatedAfter, afterId), oldest first. */
  page(query: URLSearchParams): FeedEntry[] {
    const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 100) || 100));
    const updatedAt = query.get('updatedAfter');
    if (!updatedAt) return this.entries.slice(0, limit);
    if (Number.isNaN(Date.parse(updatedAt))) throw new BadRequest('updatedAfter is not a date-time');
    const cursor = { updatedAt, id: query.get('afterId') ?? '' };
    return this.entries.filter((e) => order(e, cursor) > 0).slice(0, limit);
  }
}

export class BadRequest extends Error {}

export interface Answer {
  status: number;
  body: unknown;
}

export interface SimulatorServerOptions {
  port?: number;
  host?: string;
  /** Required bearer token; unset: no auth. */
  token?: string;
  /** Answers a request; undefined → 404. */
  route(method: string, url: URL, body: unknown, headers: IncomingHttpHeaders): Answer | undefined;
}

export interface SimulatorServer {
  url: string;
  /** Every request received (path and query), authorised or not. */
  requests: URL[];
  /** The next `count` requests fail with `status` (429 with Retry-After when retryAfterSeconds is given). */
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const requests: URL[] = [];
  const faults: Array<{ status: number; retryAfterSeconds?: number }> = [];
  const send = (response: ServerResponse, { status, body }: Answer, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    requests.push(url);
    const fault = faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      return send(response, { status: fault.status, body: { error: 'injected fault' } }, headers);
    }
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) return send(response, { status: 401, body: { error: 'unauthorized' } });
    try {
      const answer = options.route(request.method ?? 'GET', url, request.method === 'POST' ? await readJson(request) : undefined, request.headers);
      send(response, answer ?? { status: 404, body: { error: 'not found' } });
    } catch (error) {
      const bad = error instanceof BadRequest || error instanceof SyntaxError;
      send(response, { status: bad ? 400 : 500, body: { error: (error as Error).message } });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    requests,
    failNext(count, status = 500, retryAfterSeconds) {
      for (let i = 0; i < count; i += 1) faults.push({ status, retryAfterSeconds });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
