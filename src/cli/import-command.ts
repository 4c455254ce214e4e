import { SingleBar, Presets } from 'cli-progress';
import { createApp } from '../app/create-app.ts';
import { loadConfig } from '../config.ts';
import { importFile } from '../ingest/import-file.ts';
import { MemoryQueue } from '../queue/memory-queue.ts';
import type { Args } from './main.ts';

/**
 * `lianxin import FILE`: streams the file into the database. On Redis the workers take
 * it from there; in embedded mode this process runs the pipeline until it is drained.
 */
export async function importCommand(rest: string[], args: Args): Promise<number> {
  const [file] = rest;
  if (!file) {
    process.stderr.write('usage: lianxin import FILE [--source NAME] [--channel CHANNEL]\n');
    return 2;
  }
  const config = loadConfig();
  const app = await createApp(config);
  const { ctx } = app;
  try {
    const embedded = ctx.queue instanceof MemoryQueue;
    if (embedded) await app.startWorkers();
    const bar = new SingleBar({ format: '导入 {bar} {percentage}% | {records} records', stream: process.stderr }, Presets.shades_classic);
    bar.start(100, 0, { records: 0 });
    const started = Date.now();
    const summary = await importFile(ctx, file, {
      source: args.values.source,
      channel: args.values.channel,
      onProgress: (read, total, records) => bar.update(total ? Math.round((read / total) * 100) : 100, { records }),
    });
    bar.update(100);
    bar.stop();
    if (embedded) await (ctx.queue as MemoryQueue).whenIdle();
    const grouped = await ctx.prisma.rawRecord.groupBy({ by: ['state'], where: { source: summary.source }, _count: { _all: true } });
    const states = Object.fromEntries(grouped.map((g) => [g.state.toLowerCase(), g._count._all]));
    const demands = await ctx.prisma.demand.count({ where: { source: summary.source } });
    const report = { ...summary, seconds: (Date.now() - started) / 1000, rawRecordsBySource: states, demands, processedHere: embedded };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}
