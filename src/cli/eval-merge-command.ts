import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readMessages } from '../merge/eval-messages.ts';
import { clusterScores, pairScores, type GoldCluster, type GoldPair } from '../merge/eval-scores.ts';
import { MergeEngine, type MergeOutcome } from '../merge/merge-engine.ts';
import type { DemandDoc } from '../merge/profile.ts';
import { splitHalves } from '../merge/eval-split.ts';

const USAGE = 'usage: lianxin eval merge --gold FILE [--clusters FILE] --hot FILE… --labeled FILE… [--window-days N]\n';

async function readJsonl<T>(path: string): Promise<T[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/**
 * `lianxin eval merge`: runs the MergeEngine over every message of the given files in time order
 * and scores its clusters against the gold pairs (and clusters). Prints per-band recall, the error
 * table and, as the last line, one JSON object with the scores.
 */
export async function evalMergeCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      gold: { type: 'string' },
      clusters: { type: 'string' },
      hot: { type: 'string', multiple: true },
      labeled: { type: 'string', multiple: true },
      'window-days': { type: 'string' },
    },
  });
  if (!values.gold || (!values.hot?.length && !values.labeled?.length)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const files = [
    ...(values.hot ?? []).map((path) => ({ path, prefix: 'H:' })),
    ...(values.labeled ?? []).map((path) => ({ path, prefix: 'L:' })),
  ];
  const docs = await readMessages(files);
  const gold = await readJsonl<GoldPair>(values.gold);
  // the shared files span 2013–2020 and the gold has no time limit (follow-ups years later count):
  // by default the eval window covers the corpus; --window-days checks a production window
  const engine = new MergeEngine({ windowDays: values['window-days'] ? Number(values['window-days']) : 3650 });
  const started = performance.now();
  const outcomes = new Map<string, MergeOutcome>();
  for (const doc of docs) outcomes.set(doc.id, engine.add(doc));
  const seconds = (performance.now() - started) / 1000;
  const clusterOf = (id: string) => engine.clusterOf(id) ?? `single:${id}`;
  const same = (a: string, b: string) => clusterOf(a) === clusterOf(b);
  const scores = pairScores(gold, same);
  const out: string[] = [`merged ${docs.length} demands into ${engine.clusterCount} clusters in ${seconds.toFixed(1)} s`, 'recall by sim3 band (same pairs):'];
  for (const b of scores.bands) out.push(`  ${b.band.padEnd(13)} ${b.found}/${b.total} = ${(b.total ? b.found / b.total : 0).toFixed(3)}`);
  out.push(...errorTable(gold, same, new Map(docs.map((d) => [d.id, d])), outcomes, engine));
  const result: Record<string, unknown> = {
    precision: round(scores.precision), recall: round(scores.recall), f1: round(scores.f1), pairs: scores.pairs,
    recallBySim3: Object.fromEntries(scores.bands.map((b) => [b.band, round(b.total ? b.found / b.total : 0)])),
  };
  const goldClusters = values.clusters ? await readJsonl<GoldCluster>(values.clusters) : [];
  if (values.clusters) {
    const c = clusterScores(goldClusters, clusterOf);
    result.bcubed = roundAll(c.bcubed);
    result.clusterPairwise = roundAll(c.clusterPairwise);
  }
  const half = splitHalves(gold, goldClusters);
  result.halves = Object.fromEntries((['A', 'B'] as const).map((h) => {
    const p = pairScores(gold.filter((g) => half(g.a) === h), same);
    const entry: Record<string, unknown> = { pairs: p.pairs, precision: round(p.precision), recall: round(p.recall), f1: round(p.f1) };
    const hc = goldClusters.filter((c) => half(c.ids[0]!) === h);
    if (hc.length) entry.bcubedF1 = round(clusterScores(hc, clusterOf).bcubed.f1);
    return [h, entry];
  }));
  out.push(JSON.stringify(result));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function errorTable(
  gold: GoldPair[], same: (a: string, b: string) => boolean, docs: Map<string, DemandDoc>,
  outcomes: Map<string, MergeOutcome>, engine: MergeEngine,
): string[] {
  const rows = ['errors (kind | a b | sim3 | gold reason | engine: a joined by, b joined by | direct a↔b decision):'];
  for (const p of gold) {
    const predicted = same(p.a, p.b);
    if (predicted === (p.label === 'same')) continue;
    const direct = engine.compare(docs.get(p.a)!, docs.get(p.b)!);
    const how = (id: string) => outcomes.get(id)?.explanation.rule ?? 'missing';
    rows.push(
      `${predicted ? 'FP' : 'FN'} | ${p.a} ${p.b} | ${p.sim3.toFixed(2)} | ${p.reason} | ${how(p.a)}, ${how(p.b)} | ` +
        `${direct.rule} ${direct.score.toFixed(2)}${direct.sharedPlaces.length ? ` [${direct.sharedPlaces.join(',')}]` : ''}`,
    );
  }
  return rows;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const roundAll = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
