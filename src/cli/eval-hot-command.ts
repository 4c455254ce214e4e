import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { timeOrder } from '../merge/eval-messages.ts';
import { MergeEngine } from '../merge/merge-engine.ts';
import type { DemandDoc } from '../merge/profile.ts';
import { groupTickets } from '../analytics/hot-issue-groups.ts';
import { readLabelledExamples } from '../classify/labelled-file.ts';
import { trainLinear } from '../classify/train-linear.ts';
import { computeHeat, type HeatDemand } from '../pipeline/ticket-heat.ts';

const USAGE = 'usage: lianxin eval hot --messages FILE… [--top K] [--half-life DAYS] [--rank end|period] [--window DAYS] [--labeled FILE] [--engine merge-engine|pipeline]\n';
const DEFAULT_LABELED = '../shared/data/messages-labeled.jsonl';

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
  lastAt: string | null;
  demands: number;
  tickets: number;
  ids: string[];
}

export type HotRanking = 'end' | 'period';

export interface ReplayOptions {
  top: number;
  halfLifeDays: number;
  /** Category of a demand text (first level); without it tickets are not grouped into hot issues. */
  classify?: (text: string) => string;
  /** Max gap between two tickets of one hot issue (hot-issue-groups.ts rule 5). */
  windowDays?: number;
  /** 'end' (default): heat as of the replay's last message; 'period': the same without recency (every issue as if just raised). */
  ranking?: HotRanking;
}

/** Default grouping window: a gap of more than a quarter year starts a new hot issue. */
export const HOT_ISSUE_WINDOW_DAYS = 90;
/** Half-life of the recency factor for a replay: a quarter, for a data set of about a year (live: 30 days). */
export const REPLAY_HALF_LIFE_DAYS = 90;

/**
 * Replays messages in time order through the same-issue MergeEngine (the engine of the merge
 * stage), groups the resulting tickets into hot issues (src/analytics/hot-issue-groups.ts: one
 * named place/organisation, one first-level category, within a window) and scores every hot
 * issue with the one heat formula (src/pipeline/ticket-heat.ts) over all its demands, as of the
 * replay's last message ('end', the default: what an analyst would see on the day the data
 * ends, recency with a 90-day half-life) or without recency ('period'). A peak over the replay
 * would equal 'period': recency looks at the latest report, so an issue is hottest at its latest.
 */
export function replayHot(messages: Message[], options: ReplayOptions): HotIssue[] {
  const { top, halfLifeDays, classify, windowDays = HOT_ISSUE_WINDOW_DAYS, ranking = 'end' } = options;
  const end = messages.reduce((t, m) => Math.max(t, m.occurredAt?.getTime() ?? -Infinity), -Infinity);
  const engine = new MergeEngine();
  const members = new Map<string, Message[]>();
  for (const message of messages) {
    const { clusterId } = engine.add(message);
    const list = members.get(clusterId) ?? [];
    list.push(message);
    members.set(clusterId, list);
  }
  const category = new Map<Message, string | null>();
  for (const m of messages) category.set(m, classify ? classify(`${m.title ?? ''}\n${m.content}`) : null);
  const tickets = [...members.entries()].map(([id, list]) => ({ id, demands: list.map((m) => ({ title: m.title, content: m.content, occurredAt: m.occurredAt, category: category.get(m)! })) }));
  const groups = classify ? groupTickets(tickets, { windowDays }) : tickets.map((t) => [t.id]);
  return groups
    .map((ids) => {
      const list = ids.flatMap((id) => members.get(id)!).sort((a, b) => (a.occurredAt?.getTime() ?? 0) - (b.occurredAt?.getTime() ?? 0));
      const title = mostFrequentTitle(list);
      const heat = computeHeat(list, { asOf: end, halfLifeDays: ranking === 'period' ? Infinity : halfLifeDays });
      return { title, heat, lastAt: list.at(-1)?.occurredAt?.toISOString() ?? null, demands: list.length, tickets: ids.length, ids: list.map((m) => m.fileId) };
    })
    .sort((a, b) => b.heat - a.heat || b.demands - a.demands)
    .slice(0, top);
}

/** The title most of the issue's demands carry (the earliest on a tie). */
function mostFrequentTitle(list: Message[]): string {
  const counts = new Map<string, number>();
  for (const m of list) {
    const t = m.title || m.content.slice(0, 30);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best = '';
  for (const [t, n] of counts) if (n > (counts.get(best) ?? 0)) best = t;
  return best;
}

/** A first-level classifier trained at eval time on the labelled messages (a few seconds). */
async function trainClassifier(path: string): Promise<(text: string) => string> {
  const examples = [];
  for await (const example of readLabelledExamples(path)) examples.push(example);
  const model = trainLinear(examples, 'eval-hot');
  return (text) => model.classify(text).category;
}

/** `lianxin eval hot`: the top-K hot issues of a replayed message file; last stdout line is a JSON array. */
export async function evalHotCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { messages: { type: 'string', multiple: true }, top: { type: 'string' }, 'half-life': { type: 'string' }, engine: { type: 'string' }, rank: { type: 'string' }, window: { type: 'string' }, labeled: { type: 'string' } },
  });
  const top = Number(values.top ?? 10);
  const halfLifeDays = Number(values['half-life'] ?? REPLAY_HALF_LIFE_DAYS);
  const engine = values.engine ?? 'merge-engine';
  const ranking = (values.rank ?? 'end') as HotRanking;
  const windowDays = Number(values.window ?? HOT_ISSUE_WINDOW_DAYS);
  if (!['end', 'period'].includes(ranking) || !(windowDays >= 0)) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!values.messages?.length || !Number.isInteger(top) || top < 1 || !(halfLifeDays > 0) || !['merge-engine', 'pipeline'].includes(engine)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = performance.now();
  const messages = await readHotMessages(values.messages);
  let issues: Array<{ title: string; heat: number; demands: number; ids: string[]; tickets?: number }>;
  if (engine === 'pipeline') {
    // Time-ordered lines in the message-file format; ids become the demands' sourceRef.
    const lines = messages.map((m) => JSON.stringify({ id: m.fileId, user: m.reporterHash, title: m.title, content: m.content, time: m.occurredAt?.toISOString().slice(0, 19).replace('T', ' '), likes: m.likes, dislikes: m.dislikes }));
    const { replayThroughPipeline } = await import('./eval-hot-pipeline.ts');
    issues = (await replayThroughPipeline(lines, { halfLifeDays, onProgress: (done, total) => process.stderr.write(`\rpipeline: ${done}/${total} demands processed`) })).slice(0, top);
    process.stderr.write('\n');
  } else {
    const labeled = values.labeled ?? DEFAULT_LABELED;
    const classify = await trainClassifier(labeled);
    issues = replayHot(messages, { top, halfLifeDays, classify, windowDays, ranking });
  }
  const seconds = (performance.now() - started) / 1000;
  const how = engine === 'pipeline' ? 'the pipeline (embedded, normalise → classify → merge stage)' : 'the MergeEngine';
  process.stdout.write(`replayed ${messages.length} messages through ${how} in ${seconds.toFixed(1)} s (${engine === 'pipeline' ? `tickets, heat at the replay's end, half-life ${halfLifeDays} d` : `hot issues = tickets of one named place × category within ${windowDays} d, ranked by ${ranking === 'period' ? 'heat over the replayed period, no recency' : `heat at the replay's end, half-life ${halfLifeDays} d`}`})\n`);
  issues.forEach((issue, i) => process.stdout.write(`${String(i + 1).padStart(3)}. heat ${issue.heat.toFixed(2).padStart(7)}  ${String(issue.demands).padStart(3)} 条${'tickets' in issue ? ` ${String(issue.tickets).padStart(2)} 单` : ''}  ${issue.title}\n`));
  process.stdout.write(`${JSON.stringify(issues.map(({ title, heat, ids }) => ({ title, heat, ids })))}\n`);
  return 0;
}
