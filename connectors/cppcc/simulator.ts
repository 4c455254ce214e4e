import { sampleMessages, type SampleMessage } from '../mailbox/sample-messages.ts';
import type { FeedSimulator, SimulatorOptions } from '../mailbox/simulator.ts';
import { SimulatedFeed, startSimulatorServer } from '../mailbox/simulator-kit.ts';
import { OPINION_KINDS } from './opinion.ts';

const MEMBERS = ['王伟', '李娜', '张敏', '刘洋'];

/** An opinion of the platform API (see opinion.ts), from a sample message. */
export function opinionOf(m: SampleMessage, index: number) {
  const kind = OPINION_KINDS[index % OPINION_KINDS.length]!;
  return {
    opinionId: `OP-${m.id}`,
    kind,
    title: m.title ?? null,
    content: m.content,
    citizen: kind === '百姓提案' ? { name: m.name ?? null, phone: m.phone ?? null } : null,
    gatheredBy: kind === '百姓提案' ? null : { memberName: MEMBERS[index % MEMBERS.length]!, studio: kind === '委员工作室' ? `${MEMBERS[index % MEMBERS.length]}委员工作室` : null },
    district: m.district ?? /A\d区/.exec(`${m.title ?? ''}${m.content}`)?.[0] ?? null,
    street: null,
    topic: null,
    submittedAt: m.time.toISOString(),
    updatedAt: m.time.toISOString(),
  };
}

export type SimulatedOpinion = ReturnType<typeof opinionOf>;

export interface CallbackReceived {
  idempotencyKey: string;
  body: unknown;
}

export const CALLBACK_PATH = '/api/callbacks/lianxin';

/**
 * The smart-CPPCC platform as a real HTTP server: GET /api/opinions?updatedAfter=&afterId=&limit=
 * → { opinions }, and POST /api/callbacks/lianxin taking status events (deduplicated by
 * Idempotency-Key); bearer auth, fault injection.
 */
export async function startCppccSimulator(options: SimulatorOptions = {}): Promise<FeedSimulator<SimulatedOpinion> & { callbacks: CallbackReceived[] }> {
  const feed = new SimulatedFeed();
  const callbacks: CallbackReceived[] = [];
  const add = (opinions: SimulatedOpinion[]) => opinions.forEach((o) => feed.put({ id: o.opinionId, updatedAt: o.updatedAt, value: o }));
  add((await sampleMessages({ ...options, count: options.count ?? 0 })).map(opinionOf));
  const server = await startSimulatorServer({
    ...options,
    route(method, url, body, headers) {
      if (method === 'GET' && url.pathname === '/api/opinions') return { status: 200, body: { opinions: feed.page(url.searchParams).map((e) => e.value) } };
      if (method !== 'POST' || url.pathname !== CALLBACK_PATH) return undefined;
      const key = headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return { status: 400, body: { error: 'Idempotency-Key header required' } };
      if (callbacks.some((c) => c.idempotencyKey === key)) return { status: 409, body: { duplicate: true } };
      callbacks.push({ idempotencyKey: key, body });
      return { status: 200, body: { received: true } };
    },
  });
  return { ...server, callbacks, add, addRaw: (value, at) => feed.put({ ...at, value }), size: () => feed.size };
}
