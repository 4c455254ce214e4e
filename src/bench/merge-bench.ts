import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
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
  const demands = opts.demands ?? 1_000_000;
  const pool = loadPool();
  const preparer = new MergeEngine();
  const prepared = pool.map((doc) => preparer.prepare(doc));
  global.gc?.();
  const before = process.memoryUsage();
  const engine = new MergeEngine({ windowDays: 3650, expectedClusters: demands + QUERIES });
  const loadStart = performance.now();
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < demands; i++) {
    const base = prepared[i % prepared.length]!;
    const noisy = (signature: Uint32Array) => signature.map((v) => (random() < VARIANT_NOISE ? (random() * 2 ** 32) >>> 0 : v));
    engine.load({ ...base, signature: noisy(base.signature), titleSignature: noisy(base.titleSignature), clusterId: `bench-${i}`, memberIds: [] });
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  global.gc?.();
  const after = process.memoryUsage();
  const latencies: number[] = [];
  const cpu: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const doc = pool[(q * 7919) % pool.length]!;
    const variant = { ...doc, id: `query-${q}`, content: `${doc.content}再次反映${q}` };
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    engine.add(variant);
    const used = process.cpuUsage(cpuStart);
    latencies.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  latencies.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (p: number, xs = latencies) => round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!);
  const perMillion = (bytes: number) => round((bytes / demands) * 1e6 / 2 ** 20);
  return {
    demands,
    pool: pool.length,
    loadSeconds: round(loadSeconds),
    queries: QUERIES,
    latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(latencies.at(-1)!) },
    /** CPU time of the merge step (user + system, incl. GC on this thread): wall time on a shared machine also counts waiting for a core. */
    cpuMs: { p50: at(0.5, cpu), p95: at(0.95, cpu), p99: at(0.99, cpu), max: round(cpu.at(-1)!) },
    loadAverage: os.loadavg()[0],
    cpus: os.cpus().length,
    memoryMiBPerMillion: {
      heap: perMillion(after.heapUsed - before.heapUsed),
      arrayBuffers: perMillion(after.arrayBuffers - before.arrayBuffers),
      rss: perMillion(after.rss - before.rss),
    },
    gcExposed: typeof global.gc === 'function',
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
