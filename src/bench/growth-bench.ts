import { randomBytes } from 'node:crypto';
import { receiveRecords } from '../ingest/receive-records.ts';
import { normaliseRecords } from '../pipeline/normalise-records.ts';
import { benchRecords } from './bench-input.ts';
import { machineLoad, mb } from './bench-stats.ts';
import { startTarget } from './bench-target.ts';

export interface GrowthPoint {
  records: number;
  /** Over the segment since the previous point. */
  ingestPerSec: number;
  normalisePerSec: number;
  rssMb: number;
  databaseMb: number;
  load: string;
}

const CHUNK = 10_000;

/**
 * Growth of ingest (RawRecord bulk insert) and normalise (batched, 500 per call, no queue)
 * on PostgreSQL up to 10k, 100k and 1M records: does the rate hold as the tables grow, and
 * how much disk per million. The later stages are measured end to end by the pipeline parts;
 * the merge index memory per million open demands by the merge part.
 */
export async function runGrowthBench(sizes = (process.env.BENCH_GROWTH ?? '10000,100000,1000000').split(',').map(Number)): Promise<{ points: GrowthPoint[] }> {
  const target = await startTarget({ mode: 'redis-postgres', workers: 0, members: 0 });
  const { ctx } = target.app;
  const tag = randomBytes(3).toString('hex');
  const points: GrowthPoint[] = [];
  let total = 0;
  try {
    for (const size of sizes) {
      let ingestMs = 0;
      let normaliseMs = 0;
      const from = total;
      while (total < size) {
        const records = benchRecords(Math.min(CHUNK, size - total), `${tag}g${total}`, total);
        let t = performance.now();
        const ids: string[] = [];
        for (let i = 0; i < records.length; i += 1000) ids.push(...(await receiveRecords(ctx, records.slice(i, i + 1000))).filter((s) => s.state === 'RECEIVED').map((s) => s.id));
        ingestMs += performance.now() - t;
        t = performance.now();
        for (let i = 0; i < ids.length; i += 500) await normaliseRecords(ctx, ids.slice(i, i + 500));
        normaliseMs += performance.now() - t;
        total += records.length;
      }
      await ctx.queue.close().catch(() => undefined);
      const [db] = await ctx.database.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes');
      const n = total - from;
      const point = { records: total, ingestPerSec: Math.round(n / (ingestMs / 1000)), normalisePerSec: Math.round(n / (normaliseMs / 1000)), rssMb: mb(process.memoryUsage.rss()), databaseMb: mb(Number(db!.bytes)), load: machineLoad() };
      points.push(point);
      process.stderr.write(`  growth ${total}: ingest ${point.ingestPerSec}/s, normalise ${point.normalisePerSec}/s, database ${point.databaseMb} MB, load ${point.load}\n`);
    }
    return { points };
  } finally {
    await target.close();
  }
}
