import { sampleMessages, type SampleMessage } from './sample-messages.ts';
import { SimulatedFeed, startSimulatorServer, type SimulatorServer } from './simulator-kit.ts';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Bearer token the API requires (unset: none). */
  token?: string;
  /** How many messages to serve at start (default 0). */
  count?: number;
  /** Serve messages of ../shared/data/messages-*.jsonl when present (else generated ones). */
  fromShared?: boolean;
  sharedDir?: string;
}

export interface FeedSimulator<Item> extends SimulatorServer {
  /** Adds items, or replaces those with the same id (an update: give it a later updatedAt). */
  add(items: Item[]): void;
  /** Serves any JSON value (junk) at a position of the feed. */
  addRaw(value: unknown, at: { id: string; updatedAt: string }): void;
  size(): number;
}

const DISTRICTS = ['A1区', 'A2区', 'A3区', 'A4区', 'A5区', 'A6区', 'A7区'];

/** A letter of the leader mailbox API (see letter.ts), from a sample message. */
export function letterOf(m: SampleMessage, index: number) {
  return {
    letterId: `L-${m.id}`,
    subject: m.title ?? null,
    body: m.content,
    writerName: m.name ?? null,
    writerPhone: m.phone ?? null,
    district: m.district ?? /A\d区/.exec(`${m.title ?? ''}${m.content}`)?.[0] ?? DISTRICTS[index % DISTRICTS.length]!,
    submittedAt: m.time.toISOString(),
    updatedAt: (m.reply?.at ?? m.time).toISOString(),
    reply: m.reply ? { content: m.reply.content, repliedAt: m.reply.at.toISOString(), org: '市长信箱办公室' } : null,
  };
}

export type SimulatedLetter = ReturnType<typeof letterOf>;

/**
 * The leader mailbox (领导信箱) as a real HTTP server:
 * GET /api/letters?updatedAfter=&afterId=&limit= → { letters }, bearer auth, fault injection.
 */
export async function startMailboxSimulator(options: SimulatorOptions = {}): Promise<FeedSimulator<SimulatedLetter>> {
  const feed = new SimulatedFeed();
  const add = (letters: SimulatedLetter[]) => letters.forEach((l) => feed.put({ id: l.letterId, updatedAt: l.updatedAt, value: l }));
  add((await sampleMessages({ ...options, count: options.count ?? 0 })).map(letterOf));
  const server = await startSimulatorServer({
    ...options,
    route: (method, url) => (method === 'GET' && url.pathname === '/api/letters' ? { status: 200, body: { letters: feed.page(url.searchParams).map((e) => e.value) } } : undefined),
  });
  return { ...server, add, addRaw: (value, at) => feed.put({ ...at, value }), size: () => feed.size };
}
