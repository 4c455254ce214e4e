import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { timeOrder } from '../merge/eval-messages.ts';
import { MergeEngine } from '../merge/merge-engine.ts';
import type { DemandDoc } from '../merge/profile.ts';
import { computeHeat, HEAT_HALF_LIFE_DAYS, type HeatDemand } from '../pipeline/ticket-heat.ts';

const USAGE = 'usage: lianxin eval hot --messages FILE… [--top K] [--half-life DAYS] [--engine merge-engine|pipeline]\n';

const messageRow = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  user: z.string().nullish(),
  title: z.string().nullish(),
  content: z.string().nullish(),
  time: z.string().nullish(),
  likes: z.coerce.number().nullish(),
  dislikes: z.coerce.number().nullish(),
});
type Message = DemandDoc & HeatDemand & { fileId: string };

async function readHotMessages(paths: string[]): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (const path of paths) {
    const prefix = paths.length > 1 ? `${basename(path)}:` : '';
    for (const line of (await readFile(path, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const row = messageRow.parse(JSON.parse(line));
      const id = `${prefix}${row.id}`;
      if (seen.has(id)) continue;
      // Message-board times are China local time; kept as wall-clock UTC like `eval merge` (only differences matter).
      const occurredAt = row.time ? new Date(`${row.time.replace(' ', 'T')}Z`) : null;
      seen.set(id, { id, fileId: row.id, title: row.title ?? '', content: row.content ?? '', occurredAt, reporterHash: row.user ?? null, likes: row.likes ?? 0, dislikes: row.dislikes ?? 0, channel: 'message-board' });
    }
  }
  return timeOrder([...seen.values()]) as Message[];
}

export interface HotIssue {
  title: string;
  heat: number;
  peakAt: string | null;
  demands: number;
  ids: string[];
}

/**
 * Replays messages in time order through the same-issue MergeEngine (the engine of the merge
 * stage) and scores every resulting issue with the heat formula (src/pipeline/ticket-heat.ts)
 * at each moment a message arrives. An issue's score is its PEAK heat during the replay: the
 * question is which issues were hot at some point of the replayed period, as a dashboard
 * showing "now" would have shown them, not which are still hot after the last message.
 */
export function replayHot(messages: Message[], { top, halfLifeDays }: { top: number; halfLifeDays: number }): HotIssue[] {
  const engine = new MergeEngine();
  const members = new Map<string, Message[]>();
  const peak = new Map<string, { heat: number; at: Date | null }>();
  for (const message of messages) {
    const { clusterId } = engine.add(message);
    const list = members.get(clusterId) ?? [];
    list.push(message);
    members.set(clusterId, list);
    const heat = computeHeat(list, { asOf: message.occurredAt ?? list.at(-1)?.occurredAt ?? 0, halfLifeDays });
    if (heat > (peak.get(clusterId)?.heat ?? -1)) peak.set(clusterId, { heat, at: message.occurredAt });
  }
  return [...peak.entries()]
    .sort((a, b) => b[1].heat - a[1].heat || members.get(b[0])!.length - members.get(a[0])!.length)
    .slice(0, top)
    .map(([clusterId, p]) => {
      const list = members.get(clusterId)!;
      return { title: list[0]!.title || list[0]!.content.slice(0, 30), heat: p.heat, peakAt: p.at?.toISOString() ?? null, demands: list.length, ids: list.map((m) => m.fileId) };
    });
}

/** `lianxin eval hot`: the top-K hot issues of a replayed message file; last stdout line is a JSON array. */
export async function evalHotCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { messages: { type: 'string', multiple: true }, top: { type: 'string' }, 'half-life': { type: 'string' }, engine: { type: 'string' } },
  });
  const top = Number(values.top ?? 10);
  const halfLifeDays = Number(values['half-life'] ?? HEAT_HALF_LIFE_DAYS);
  const engine = values.engine ?? 'merge-engine';
  if (!values.messages?.length || !Number.isInteger(top) || top < 1 || !(halfLifeDays > 0) || !['merge-engine', 'pipeline'].includes(engine)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = performance.now();
  const messages = await readHotMessages(values.messages);
  let issues: Array<{ title: string; heat: number; demands: number; ids: string[] }>;
  if (engine === 'pipeline') {
    // Time-ordered lines in the message-file format; ids become the demands' sourceRef.
    const lines = messages.map((m) => JSON.stringify({ id: m.fileId, user: m.reporterHash, title: m.title, content: m.content, time: m.occurredAt?.toISOString().slice(0, 19).replace('T', ' '), likes: m.likes, dislikes: m.dislikes }));
    const { replayThroughPipeline } = await import('./eval-hot-pipeline.ts');
    issues = (await replayThroughPipeline(lines, { halfLifeDays, onProgress: (done, total) => process.stderr.write(`\rpipeline: ${done}/${total} demands processed`) })).slice(0, top);
    process.stderr.write('\n');
  } else {
    issues = replayHot(messages, { top, halfLifeDays });
  }
  const seconds = (performance.now() - started) / 1000;
  const how = engine === 'pipeline' ? 'the pipeline (embedded, normalise → classify → merge stage)' : 'the MergeEngine';
  process.stdout.write(`replayed ${messages.length} messages through ${how} in ${seconds.toFixed(1)} s (heat half-life ${halfLifeDays} d, ranked by peak heat)\n`);
  issues.forEach((issue, i) => process.stdout.write(`${String(i + 1).padStart(3)}. heat ${issue.heat.toFixed(2).padStart(7)}  ${String(issue.demands).padStart(3)} 条  ${issue.title}\n`));
  process.stdout.write(`${JSON.stringify(issues.map(({ title, heat, ids }) => ({ title, heat, ids })))}\n`);
  return 0;
}
