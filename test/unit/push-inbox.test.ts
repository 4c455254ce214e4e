import { describe, expect, it } from 'vitest';
import { startOfChinaDay } from '../../src/pipeline/push-inbox.ts';

describe('startOfChinaDay', () => {
  it('uses the China date when it is already the next day there', () => {
    // 17:00 UTC on the 21st is 01:00 on the 22nd in China
    expect(startOfChinaDay(new Date('2026-11-21T17:00:00Z')).toISOString()).toBe('2026-11-21T16:00:00.000Z');
  });

  it('uses the previous China day just before local midnight', () => {
    expect(startOfChinaDay(new Date('2026-11-21T15:59:59.999Z')).toISOString()).toBe('2026-11-20T16:00:00.000Z');
  });

  it('returns local midnight itself at local midnight', () => {
    expect(startOfChinaDay(new Date('2026-11-21T16:00:00Z')).toISOString()).toBe('2026-11-21T16:00:00.000Z');
  });

  it('handles a year boundary', () => {
    expect(startOfChinaDay(new Date('2026-12-31T20:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(startOfChinaDay(new Date('2027-01-01T03:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
