import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { generateDemoDemands } from '../demo/generate-demands.ts';
import { MergeEngine } from '../merge/merge-engine.ts';
import type { DemandDoc } from '../merge/profile.ts';

const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const POOL = 10_000;
const QUERIES = 2_000;
/**
 * Share of MinHash positions re-drawn per synthetic ticket (text and title): 0.75 leaves an estimated
 * Jaccard of ~0.25 to its pool text, i.e. a ticket on a similar topic, not a duplicate that would
 * have been merged (open tickets are mostly distinct).
 */
const VARIANT_NOISE = 0.75;

/**
 * Merge-step benchmark: indexes `demands` (default 1,000,000) open tickets, then times `add` for
 * 2,000 further demands. Tickets are replayed from a pool of 10,000 real messages (shared data when
 * present, else the demo generator): each indexed ticket carries a pool text's signatures with most
 * MinHash positions re-drawn, so every query meets ~demands/10,000 similar-topic tickets in LSH.
 * Pool profiles are cached, as hot tickets would be; a cold representative costs ~1 ms more per
 * verified candidate.
 */
export async function runMergeBench(opts: { demands?: number } = {}): Promise<Record<string, unknown>> {
  const demands = opts.demands ?? (Number(process.env.MERGE_BENCH_DEMANDS) || 1_000_000);
  // MERGE_BENCH_DISTINCT_TEXTS=1: every ticket holds its own representative (id, title and content strings, date) as a
  // process that replayed the MergeEvent log does, so the memory figures include the texts (default: shared pool texts)
  const distinctTexts = process.env.MERGE_BENCH_DISTINCT_TEXTS === '1';
  // MERGE_BENCH_VERIFY_BUDGET=N: candidate clusters verified per step (engine default 12); MERGE_BENCH_NEAR_DUPLICATE_STOP=0:
  // verify up to the budget even after a near-duplicate (the bench's queries all have one; a new issue has none)
  const verifyBudget = Number(process.env.MERGE_BENCH_VERIFY_BUDGET) || undefined;
  const nearDuplicateStop = process.env.MERGE_BENCH_NEAR_DUPLICATE_STOP !== '0';
  const gc = collector();
  const pool = loadPool();
  const preparer = new MergeEngine();
  const prepared = pool.map((doc) => preparer.prepare(doc));
  gc?.();
  const before = process.memoryUsage();
  const engine = new MergeEngine({ windowDays: 3650, expectedClusters: demands + QUERIES, verifyBudget, nearDuplicateStop });
  const loadStart = performance.now();
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < demands; i++) {
    const base = prepared[i % prepared.length]!;
    const noisy = (signature: Uint32Array) => signature.map((v) => (random() < VARIANT_NOISE ? (random() * 2 ** 32) >>> 0 : v));
    const representative = distinctTexts ? ownCopy(base.representative, i) : base.representative;
    engine.load({ ...base, representative, signature: noisy(base.signature), titleSignature: noisy(base.titleSignature), clusterId: `bench-${i}`, memberIds: [] });
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  gc?.();
  const after = process.memoryUsage();
  const perMillion = (bytes: number) => round((bytes / demands) * 1e6 / 2 ** 20);
  // as a starting process does: the newest 5,000 representatives are profiled for the idf (and so cached)
  for (const doc of pool.slice(-IDF_WARMUP)) engine.observe(doc);
  const first = await measure(engine, pool, 0);
  // the same pool again: every representative a query meets has been profiled (a warm profile cache)
  const second = await measure(engine, pool, QUERIES);
  gc?.();
  const end = process.memoryUsage();
  return {
    demands,
    pool: pool.length,
    loadSeconds: round(loadSeconds),
    queries: QUERIES,
    ...first,
    warmProfileCache: second,
    cpus: os.cpus().length,
    memoryMiBPerMillion: {
      heap: perMillion(after.heapUsed - before.heapUsed),
      arrayBuffers: perMillion(after.arrayBuffers - before.arrayBuffers),
      rss: perMillion(after.rss - before.rss),
    },
    /** Not in the index figures: what the merge steps added (cached representative profiles, query tickets), MiB. */
    afterQueriesMiB: { heap: round((end.heapUsed - after.heapUsed) / 2 ** 20), arrayBuffers: round((end.arrayBuffers - after.arrayBuffers) / 2 ** 20) },
    distinctTexts,
    verifyBudget: verifyBudget ?? 'default',
    nearDuplicateStop,
    gcExposed: gc !== undefined,
  };
}

const IDF_WARMUP = 5_000;

/** A representative with strings of its own (a fresh flat copy, as a database row gives). */
function ownCopy(doc: DemandDoc, i: number): DemandDoc {
  const copy = (s: string) => Buffer.from(s, 'utf16le').toString('utf16le');
  return { ...doc, id: `bench-doc-${i}`, title: copy(doc.title ?? ''), content: copy(doc.content), occurredAt: doc.occurredAt && new Date(doc.occurredAt.getTime()) };
}

/** A full collection before each memory reading (`npm run bench` starts node without --expose-gc). */
function collector(): (() => void) | undefined {
  if (typeof global.gc === 'function') return global.gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Times `QUERIES` merge steps (wall and CPU per demand, GC pauses, machine load). */
async function measure(engine: MergeEngine, pool: DemandDoc[], offset: number): Promise<Record<string, unknown>> {
  const latencies: number[] = [];
  const cpu: number[] = [];
  /** Per merge step: start/end (performance.now), representatives profiled, candidate clusters, comparisons. */
  const steps: Array<{ q: number; start: number; end: number; built: number; candidates: number; comparisons: number; vetoes: number }> = [];
  const loadBefore = os.loadavg()[0]!;
  // garbage-collection pauses while the merge step runs (main-thread pauses count in wall and CPU time)
  const pauses: Array<{ kind: number; ms: number; start: number }> = [];
  const record = (entries: PerformanceEntry[]) => {
    for (const e of entries) pauses.push({ kind: (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0, ms: e.duration, start: e.startTime });
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const queryStart = performance.now();
  const queryCpu = process.cpuUsage();
  for (let q = offset; q < offset + QUERIES; q++) {
    const doc = pool[(q * 7919) % pool.length]!;
    const variant = { ...doc, id: `query-${q}`, content: `${doc.content}再次反映${q}` };
    const before = { ...engine.stats };
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    engine.add(variant);
    const used = process.cpuUsage(cpuStart);
    const end = performance.now();
    latencies.push(end - start);
    const s = engine.stats;
    steps.push({ q, start, end, built: s.profilesBuilt - before.profilesBuilt, candidates: s.candidateClusters - before.candidateClusters, comparisons: s.comparisons - before.comparisons, vetoes: s.vetoes - before.vetoes });
    cpu.push((used.user + used.system) / 1000);
  }
  const queryWall = performance.now() - queryStart;
  const queryCpuUsed = process.cpuUsage(queryCpu);
  await new Promise((resolve) => setTimeout(resolve, 100)); // gc entries are delivered asynchronously
  record(observer.takeRecords());
  observer.disconnect();
  const slowest = [...steps].sort((a, b) => (b.end - b.start) - (a.end - a.start));
  const tail = slowest.slice(0, Math.ceil(steps.length / 100));
  const gcIn = (s: (typeof steps)[number]) => pauses.filter((p) => p.start < s.end && p.start + p.ms > s.start).reduce((sum, p) => sum + p.ms, 0);
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  latencies.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (p: number, xs = latencies) => round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!);
  return {
    latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(latencies.at(-1)!) },
    /** CPU time of the merge step (user + system, incl. GC on this thread): wall time on a shared machine also counts waiting for a core. */
    cpuMs: { p50: at(0.5, cpu), p95: at(0.95, cpu), p99: at(0.99, cpu), max: round(cpu.at(-1)!) },
    /** Whole phase: CPU/wall below 1 means the process waited for a core (other work on the machine). */
    phase: { wallSeconds: round(queryWall / 1000), cpuSeconds: round((queryCpuUsed.user + queryCpuUsed.system) / 1e6) },
    gcDuringQueries: {
      count: pauses.length,
      scavenges: pauses.filter((p) => p.kind === 1).length,
      totalMs: round(pauses.reduce((sum, p) => sum + p.ms, 0)),
      maxMs: round(Math.max(0, ...pauses.map((p) => p.ms))),
    },
    loadAverage: { before: round(loadBefore), after: round(os.loadavg()[0]!) },
    /** Where the slowest 1% of steps come from, against the mean step: representatives profiled (cold), candidates, comparisons, GC pause inside the step. */
    slowestPercent: {
      profilesBuilt: mean(tail.map((s) => s.built)), candidates: mean(tail.map((s) => s.candidates)), comparisons: mean(tail.map((s) => s.comparisons)),
      withGcPause: tail.filter((s) => gcIn(s) > 0).length, gcMs: mean(tail.map(gcIn)), steps: tail.length,
    },
    /** Vetoes: candidates turned down for a district or place conflict (decidable from places alone). */
    allSteps: { profilesBuilt: mean(steps.map((s) => s.built)), candidates: mean(steps.map((s) => s.candidates)), comparisons: mean(steps.map((s) => s.comparisons)), vetoes: mean(steps.map((s) => s.vetoes)) },
    slowestSteps: slowest.slice(0, 3).map((s) => ({ q: s.q, ms: round(s.end - s.start), profilesBuilt: s.built, candidates: s.candidates, gcMs: round(gcIn(s)) })),
  };
}

function loadPool(): DemandDoc[] {
  const files = ['messages-hot.jsonl', 'messages-labeled.jsonl'].map((f) => `${SHARED}${f}`);
  if (files.every(existsSync)) {
    const rows = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim())).slice(0, POOL);
    return rows.map((line, i) => {
      const r = JSON.parse(line) as { title?: string; content?: string; time?: string };
      return { id: `pool-${i}`, title: r.title ?? '', content: r.content ?? '', occurredAt: r.time ? new Date(`${r.time.replace(' ', 'T')}Z`) : null };
    });
  }
  return generateDemoDemands({ issues: POOL / 3 }).slice(0, POOL).map((d, i) => ({
    id: `pool-${i}`, title: d.title ?? '', content: d.content, occurredAt: d.occurredAt, district: d.district ?? null,
  }));
}

const round = (x: number) => Math.round(x * 100) / 100;
