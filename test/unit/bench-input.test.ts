import { describe, expect, it } from 'vitest';
import { benchRecords } from '../../src/bench/bench-input.ts';

describe('bench input', () => {
  it('is unique per (source, sourceRef) however many records a run asks for', () => {
    // 25,000 replays cycle the shared exports several times; one of them holds some messages twice
    const records = benchRecords(50_000, 'u');
    expect(records).toHaveLength(50_000);
    expect(new Set(records.map((r) => `${r.source}\u0000${r.sourceRef}`)).size).toBe(50_000);
    expect(records.filter((r) => r.source.startsWith('replay-')).length).toBe(25_000);
  });
});
