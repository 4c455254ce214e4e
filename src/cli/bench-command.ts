import { ensureBenchServices } from '../bench/bench-services.ts';
import type { PipelineResult } from '../bench/pipeline-bench.ts';

const pipeline: PipelineResult[] = [];

async function pipelineConfigs(names: string[]): Promise<PipelineResult[]> {
  const { CONFIGS, runPipelineBench } = await import('../bench/pipeline-bench.ts');
  const out: PipelineResult[] = [];
  for (const name of names) {
    const result = await runPipelineBench(CONFIGS[name]!);
    pipeline.push(result);
    out.push(result);
  }
  return out;
}

/**
 * `lianxin bench [part…]`: runs benchmark parts and prints, as the last line of stdout,
 * one JSON object keyed by part plus the headline `embedded` and `redisPostgres` numbers
 * (a summary table goes to stderr).
 */
const PARTS: Record<string, () => Promise<unknown>> = {
  merge: async () => (await import('../bench/merge-bench.ts')).runMergeBench(),
  connectors: async () => {
    const stop = await ensureBenchServices(['postgres', 'redis', 'kafka']);
    try {
      return await (await import('../bench/connectors-bench.ts')).runConnectorsBench();
    } finally {
      await stop();
    }
  },
  embedded: async () => pipelineConfigs(['embedded']),
  'redis-postgres': async () => {
    const stop = await ensureBenchServices(['postgres', 'redis']);
    try {
      return await pipelineConfigs((process.env.BENCH_WORKERS ?? '1,2').split(',').map((w) => `redis-postgres-${w}`));
    } finally {
      await stop();
    }
  },
  chaos: async () => {
    const { runChaos, FAULTS } = await import('../bench/chaos.ts');
    const { chaosTable } = await import('../bench/bench-table.ts');
    const env = process.env;
    const report = await runChaos({
      faults: (env.CHAOS_FAULTS?.split(',') ?? [...FAULTS]) as Array<(typeof FAULTS)[number]>,
      callbackDownMs: Number(env.CHAOS_CALLBACK_DOWN_MS ?? 120_000),
      rate: Number(env.CHAOS_RATE ?? 40),
      spacingMs: Number(env.CHAOS_SPACING_MS ?? 10_000),
    });
    process.stderr.write(chaosTable(report));
    if (!report.ok) process.exitCode = 1;
    return report;
  },
  growth: async () => {
    const stop = await ensureBenchServices(['postgres', 'redis']);
    try {
      return await (await import('../bench/growth-bench.ts')).runGrowthBench();
    } finally {
      await stop();
    }
  },
};

export async function benchCommand(parts: string[]): Promise<number> {
  const chosen = parts.length > 0 ? parts : Object.keys(PARTS);
  const unknown = chosen.filter((p) => !PARTS[p]);
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench part(s): ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}\n`);
    return 2;
  }
  const results: Record<string, unknown> = {};
  for (const part of chosen) {
    process.stderr.write(`bench ${part}…\n`);
    results[part] = await PARTS[part]!();
    if (!['embedded', 'redis-postgres', 'chaos'].includes(part)) process.stderr.write(`${part}: ${JSON.stringify(results[part])}\n`);
  }
  if (pipeline.length > 0) {
    const { headline } = await import('../bench/pipeline-bench.ts');
    const { pipelineTable } = await import('../bench/bench-table.ts');
    process.stderr.write(pipelineTable(pipeline));
    Object.assign(results, headline(pipeline));
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  return 0;
}
