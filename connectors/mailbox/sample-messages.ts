import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generateDemoDemands } from '../../src/demo/generate-demands.ts';

/** A citizen message the simulators serve, whichever upstream shape they give it. */
export interface SampleMessage {
  id: string;
  title?: string;
  content: string;
  /** The writer's account in the source. */
  user?: string;
  name?: string;
  phone?: string;
  district?: string;
  time: Date;
  likes?: number;
  dislikes?: number;
  reply?: { content: string; at: Date };
}

/** ../shared/data next to the repository (read at run time; never copied into the repo). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const localTime = (v: unknown) => (typeof v === 'string' && LOCAL_TIME.test(v) ? new Date(`${v.replace(' ', 'T')}+08:00`) : undefined);

function fromLine(line: string): SampleMessage | undefined {
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const time = localTime(row.time);
  if (typeof row.content !== 'string' || !row.content.trim() || row.id === undefined || !time) return undefined;
  const replyAt = localTime(row.replyTime);
  return {
    id: String(row.id),
    title: typeof row.title === 'string' ? row.title : undefined,
    content: row.content,
    user: typeof row.user === 'string' ? row.user : undefined,
    time,
    likes: typeof row.likes === 'number' ? row.likes : undefined,
    dislikes: typeof row.dislikes === 'number' ? row.dislikes : undefined,
    reply: typeof row.reply === 'string' && replyAt ? { content: row.reply, at: replyAt } : undefined,
  };
}

/** Up to `count` messages of dir/messages-*.jsonl (distinct ids); [] when there are none. */
export async function sharedMessages(count: number, dir = SHARED_DATA_DIR): Promise<SampleMessage[]> {
  if (!existsSync(dir)) return [];
  // answered messages first, so that replies are served too
  const files = readdirSync(dir)
    .filter((f) => /^messages-.*\.jsonl$/.test(f))
    .sort((a, b) => Number(b.includes('replies')) - Number(a.includes('replies')) || a.localeCompare(b));
  const byId = new Map<string, SampleMessage>();
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(join(dir, file), 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      const message = fromLine(line);
      if (message && !byId.has(message.id)) byId.set(message.id, message);
      if (byId.size >= count) {
        lines.close();
        return [...byId.values()];
      }
    }
  }
  return [...byId.values()];
}

/** `count` generated messages (src/demo generator; fictional people), every fourth one answered. */
export function generatedMessages(count: number, seed = 20261120): SampleMessage[] {
  const demands = generateDemoDemands({ seed, issues: Math.ceil(count / 2) + 8 });
  return Array.from({ length: count }, (_, i) => {
    const d = demands[i % demands.length]!;
    const round = Math.floor(i / demands.length);
    return {
      id: `${d.sourceRef}${round ? `-${round}` : ''}`,
      title: d.title,
      content: d.content,
      user: d.reporterRef,
      name: d.reporterName,
      phone: d.reporterPhone,
      district: d.district,
      time: d.occurredAt,
      likes: d.likes,
      dislikes: d.dislikes,
      reply: i % 4 === 3 ? { content: '您反映的问题已转相关部门处理，现已处理完毕。感谢您的来信。', at: new Date(d.occurredAt.getTime() + 3600_000) } : undefined,
    };
  });
}

/** Messages from ../shared/data when asked and present, else generated ones. */
export async function sampleMessages(options: { count?: number; fromShared?: boolean; sharedDir?: string; seed?: number } = {}): Promise<SampleMessage[]> {
  const count = options.count ?? 200;
  if (count <= 0) return [];
  const shared = options.fromShared ? await sharedMessages(count, options.sharedDir) : [];
  return shared.length ? shared : generatedMessages(count, options.seed);
}
