import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoDemands } from '../demo/generate-demands.ts';
import type { IncomingRecord } from '../ingest/receive-records.ts';

/** Real message exports replayed by the benchmarks (read in place, never copied). */
const REPLAY_FILES = ['messages-hot.jsonl', 'messages-labeled.jsonl'];

export function sharedDataDir(): string {
  return resolve(process.env.LIANXIN_SHARED_DATA ?? join(process.cwd(), '..', 'shared', 'data'));
}

let replayCache: Array<{ file: string; line: string; id: string }> | undefined;

function replayLines(): Array<{ file: string; line: string; id: string }> {
  if (replayCache) return replayCache;
  const dir = sharedDataDir();
  const seen = new Set<string>();
  replayCache = REPLAY_FILES.filter((f) => existsSync(join(dir, f))).flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => ({ file, line, id: String((JSON.parse(line) as { id: string | number }).id) }))
      // an export may hold a message twice (messages-labeled.jsonl does, 4 ids): replayed twice
      // under one id it is one record, and a run waiting for every record to finish never ends
      .filter((r) => !seen.has(`${file}\u0000${r.id}`) && seen.add(`${file}\u0000${r.id}`)),
  );
  return replayCache;
}

/**
 * `count` records, unique per `tag`: half generated demo demands (12345 / mailbox / message
 * board with cross-channel duplicates), half replays of ../shared/data message exports
 * (cycled with a new id per round when more are needed); interleaved as they would arrive.
 */
export function benchRecords(count: number, tag: string, seed = 1): IncomingRecord[] {
  const replays = replayLines();
  const demoCount = replays.length > 0 ? Math.ceil(count / 2) : count;
  const demo: IncomingRecord[] = [];
  for (let round = 0; demo.length < demoCount; round += 1) {
    // the demo generator reports each issue 1–6 times; ~3 demands per issue
    for (const d of generateDemoDemands({ seed: seed * 1000 + round, issues: Math.max(40, Math.ceil((demoCount - demo.length) / 3)) })) {
      if (demo.length >= demoCount) break;
      const sourceRef = `${tag}-${round}-${d.sourceRef}`;
      demo.push({ source: d.source, sourceRef, channel: d.channel, format: 'demand-v1', payload: JSON.stringify({ ...d, sourceRef }) });
    }
  }
  const replay: IncomingRecord[] = [];
  for (let i = 0; replay.length < count - demoCount; i += 1) {
    const r = replays[i % replays.length]!;
    const round = Math.floor(i / replays.length);
    const id = `${tag}-${round}-${r.id}`;
    const payload = JSON.stringify({ ...(JSON.parse(r.line) as object), id });
    replay.push({ source: `replay-${r.file}`, sourceRef: id, channel: 'message-board', format: 'message-v1', payload });
  }
  const out: IncomingRecord[] = [];
  for (let i = 0; i < Math.max(demo.length, replay.length); i += 1) {
    if (i < demo.length) out.push(demo[i]!);
    if (i < replay.length) out.push(replay[i]!);
  }
  return out;
}
