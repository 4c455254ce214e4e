import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchRecords, sharedDataDir } from '../../src/bench/bench-input.ts';

// the replays come from ../shared/data, read in place (a clone without it generates every record)
describe.skipIf(!existsSync(join(sharedDataDir(), 'messages-labeled.jsonl')))('bench input', () => {
  it('is unique per (source, sourceRef) however many records a run asks for', () => {
    // 25,000 replays cycle the shared exports several times; one of them holds some messages twice
    const records = benchRecords(50_000, 'u');
    expect(records).toHaveLength(50_000);
    expect(new Set(records.map((r) => `${r.source}\u0000${r.sourceRef}`)).size).toBe(50_000);
    expect(records.filter((r) => r.source.startsWith('replay-')).length).toBe(25_000);
  });
});
