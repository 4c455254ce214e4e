import { ensureBenchServices } from '../bench/bench-services.ts';

/**
 * `lianxin bench [part…]`: runs benchmark parts and prints, as the last line of stdout,
 * one JSON object keyed by part (a summary table goes to stderr).
 */
const PARTS: Record<string, () => Promise<Record<string, unknown>>> = {
  merge: async () => (await import('../bench/merge-bench.ts')).runMergeBench(),
  connectors: async () => {
    const stop = await ensureBenchServices(['postgres', 'redis', 'kafka']);
    try {
      return (await (await import('../bench/connectors-bench.ts')).runConnectorsBench()) as unknown as Record<string, unknown>;
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
    process.stderr.write(`${part}: ${JSON.stringify(results[part])}\n`);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  return 0;
}
