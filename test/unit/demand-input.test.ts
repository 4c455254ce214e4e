import { describe, expect, it } from 'vitest';
import { demandInputSchema } from '../../src/ingest/demand-input.ts';

const valid = {
  source: 'hotline-12345',
  sourceRef: 'GD-1',
  channel: 'hotline',
  content: '小区门口路灯坏了',
  occurredAt: '2024-04-30T08:00:00+08:00',
};

function issuePaths(input: unknown): string[] {
  const result = demandInputSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.') || '(record)');
}

describe('demandInputSchema', () => {
  it('accepts a minimal demand and trims text', () => {
    const result = demandInputSchema.parse({ ...valid, content: '  路灯坏了  ', title: ' 标题 ' });
    expect(result.content).toBe('路灯坏了');
    expect(result.title).toBe('标题');
    expect(result.occurredAt.toISOString()).toBe('2024-04-30T00:00:00.000Z');
  });

  it.each([
    ['content', { content: 123 }],
    ['sourceRef', { sourceRef: 42 }],
    ['channel', { channel: 'fax' }],
    ['likes', { likes: -1 }],
    ['likes', { likes: 1.5 }],
    ['title', { title: ['a'] }],
  ])('rejects a wrong type or value for %s', (path, patch) => {
    expect(issuePaths({ ...valid, ...patch })).toEqual([path]);
  });

  it('rejects missing content', () => {
    const { content: _content, ...rest } = valid;
    expect(issuePaths(rest)).toEqual(['content']);
  });

  it('rejects whitespace-only content with a clear message', () => {
    const result = demandInputSchema.safeParse({ ...valid, content: ' \n\t ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('content must not be empty');
  });

  it('rejects unknown extra keys', () => {
    const result = demandInputSchema.safeParse({ ...valid, reporterEmail: 'a@b.c' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(JSON.stringify(result.error?.issues)).toContain('reporterEmail');
  });

  it.each(['not a date', '2024-13-01T00:00:00Z', '2024-02-30T10:00:00Z', '2023-02-29T10:00:00+08:00', '1989-12-31T00:00:00Z'])('rejects the occurredAt %j', (occurredAt) => {
    expect(issuePaths({ ...valid, occurredAt })).toEqual(['occurredAt']);
  });

  it('reads a date-time without a time zone as China time', () => {
    expect(demandInputSchema.parse({ ...valid, occurredAt: '2024-04-30 08:00:00' }).occurredAt.toISOString()).toBe('2024-04-30T00:00:00.000Z');
  });

  it('rejects an impossible time of day', () => {
    expect(issuePaths({ ...valid, occurredAt: '2024-04-30T25:00:00Z' })).toEqual(['occurredAt']);
  });

  it('rejects a date in the future beyond one day', () => {
    const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    expect(issuePaths({ ...valid, occurredAt: future })).toEqual(['occurredAt']);
  });

  it('accepts a date a few hours ahead (clock skew)', () => {
    const soon = new Date(Date.now() + 3600_000).toISOString();
    expect(demandInputSchema.safeParse({ ...valid, occurredAt: soon }).success).toBe(true);
  });

  it('accepts 50,000 characters of content and rejects more', () => {
    expect(demandInputSchema.safeParse({ ...valid, content: '诉'.repeat(50_000) }).success).toBe(true);
    expect(issuePaths({ ...valid, content: '诉'.repeat(50_001) })).toEqual(['content']);
    expect(issuePaths({ ...valid, content: 'x'.repeat(200_000) })).toEqual(['content']);
  });
});
