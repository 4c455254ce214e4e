import type { SampleMessage } from '../mailbox/sample-messages.ts';
import { sampleMessages } from '../mailbox/sample-messages.ts';
import type { FeedSimulator, SimulatorOptions } from '../mailbox/simulator.ts';
import { SimulatedFeed, startSimulatorServer } from '../mailbox/simulator-kit.ts';

const ORGS = ['市住房和城乡建设局', '市交通运输局', '市生态环境局', '区人民政府办公室'];

/** A post of the detail API (see post.ts), from a sample message; an answered message gets one reply. */
export function postOf(m: SampleMessage, index: number) {
  const postId = `P-${m.id}`;
  return {
    postId,
    board: '市长留言板',
    title: m.title ?? null,
    content: m.content,
    author: { userId: m.user ?? `U${index}`, nickname: `网友${String(index).padStart(4, '0')}` },
    district: m.district ?? /A\d区/.exec(`${m.title ?? ''}${m.content}`)?.[0] ?? null,
    category: null,
    createdAt: m.time.toISOString(),
    updatedAt: (m.reply?.at ?? m.time).toISOString(),
    likes: m.likes ?? index % 17,
    dislikes: m.dislikes ?? index % 3,
    replies: m.reply ? [{ replyId: `R-${m.id}`, postId, org: ORGS[index % ORGS.length]!, content: m.reply.content, repliedAt: m.reply.at.toISOString() }] : [],
  };
}

export type SimulatedPost = ReturnType<typeof postOf>;

interface BoardEntry {
  listed: unknown;
  detail?: SimulatedPost;
}

/**
 * A message board (留言板) as a real HTTP server: LIST GET /api/posts?updatedAfter=&afterId=&limit=
 * → { posts: [{ postId, updatedAt }] } and DETAIL GET /api/posts/{postId} → post; bearer auth, fault injection.
 */
export async function startMessageBoardSimulator(options: SimulatorOptions = {}): Promise<FeedSimulator<SimulatedPost>> {
  const feed = new SimulatedFeed();
  const add = (posts: SimulatedPost[]) =>
    posts.forEach((p) => feed.put({ id: p.postId, updatedAt: p.updatedAt, value: { listed: { postId: p.postId, updatedAt: p.updatedAt }, detail: p } satisfies BoardEntry }));
  add((await sampleMessages({ ...options, count: options.count ?? 0 })).map(postOf));
  const server = await startSimulatorServer({
    ...options,
    route(method, url) {
      if (method !== 'GET') return undefined;
      if (url.pathname === '/api/posts') return { status: 200, body: { posts: feed.page(url.searchParams).map((e) => (e.value as BoardEntry).listed) } };
      const detail = /^\/api\/posts\/([^/]+)$/.exec(url.pathname);
      const post = detail ? (feed.get(decodeURIComponent(detail[1]!)) as BoardEntry | undefined)?.detail : undefined;
      return post ? { status: 200, body: post } : undefined;
    },
  });
  return { ...server, add, addRaw: (listed, at) => feed.put({ ...at, value: { listed } satisfies BoardEntry }), size: () => feed.size };
}
