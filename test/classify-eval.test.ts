import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { trainFromFiles } from '../src/classify/train-model.ts';
import { evalClassifyCommand } from '../src/cli/eval-classify-command.ts';

const labelledPath = fileURLToPath(new URL('../../shared/data/messages-labeled.jsonl', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function run(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(...String(chunk).trimEnd().split('\n'));
    return true;
  });
  try {
    return { code: await evalClassifyCommand(argv), lines };
  } finally {
    spy.mockRestore();
  }
}

describe('eval classify command', () => {
  it('rejects a missing --train with the usage', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await run(['classify'])).code).toBe(2);
      expect(stderr.mock.calls.join('')).toContain('usage: lianxin eval classify');
    } finally {
      stderr.mockRestore();
    }
  });
});

describe.skipIf(!existsSync(labelledPath))('linear classifier on messages-labeled.jsonl', () => {
  // The split and the training are seeded (the same model bit for bit): 0.9423 on this platform.
  it('reaches macro-F1 ≥ 0.94 on the seeded grouped 80/20 split, table then JSON last', async () => {
    const { code, lines } = await run(['classify', '--train', labelledPath]);
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/macro avg/);
    const summary = JSON.parse(lines.at(-1)!) as Record<string, number>;
    console.log(lines.join('\n'));
    expect(Object.keys(summary)).toEqual(['macroF1', 'accuracy', 'n', 'docsPerSec', 'trainSeconds']);
    expect(summary.n).toBeGreaterThan(1_200);
    expect(summary.macroF1).toBeGreaterThanOrEqual(0.94);
    expect(lines.join('\n')).toMatch(/longest message \(12241 characters\): [\d.]+ ms CPU/);
  }, 300_000);

  it('trains the full file into a model file under 50 MB', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lianxin-train-'));
    dirs.push(dir);
    const result = await trainFromFiles([labelledPath], { modelDir: dir });
    expect(result.examples).toBe(6_606);
    expect((await stat(result.path)).size).toBeLessThan(50 * 2 ** 20);
  }, 300_000);
});
