import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { createApp } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config.ts';
import { MemoryQueue } from '../../src/queue/memory-queue.ts';
import { importHotlineExport } from './file-import.ts';

const USAGE = 'usage: lianxin import-hotline FILE.csv|FILE.xlsx [--mapping MAPPING.json]\n';

/**
 * `lianxin import-hotline FILE [--mapping M]`: streams a 12345 export into the database with a
 * progress bar and prints a JSON summary. In embedded mode this process also runs the pipeline.
 */
export async function hotlineImportCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { mapping: { type: 'string' } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const app = await createApp(loadConfig());
  const { ctx } = app;
  try {
    const embedded = ctx.queue instanceof MemoryQueue;
    if (embedded) await app.startWorkers();
    const bar = new SingleBar({ format: '导入 {bar} {percentage}% | {rows} rows', stream: process.stderr }, Presets.shades_classic);
    bar.start(100, 0, { rows: 0 });
    const summary = await importHotlineExport(ctx, file, {
      mappingPath: values.mapping,
      onProgress: ({ bytesRead, totalBytes, rows }) => bar.update(totalBytes ? Math.round((bytesRead / totalBytes) * 100) : 100, { rows }),
    });
    bar.update(100);
    bar.stop();
    if (embedded) await (ctx.queue as MemoryQueue).whenIdle();
    process.stdout.write(`${JSON.stringify({ ...summary, processedHere: embedded })}\n`);
    return 0;
  } finally {
    await app.close();
  }
}
