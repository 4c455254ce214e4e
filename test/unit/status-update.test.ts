import { describe, expect, it } from 'vitest';
import { STATUS_RANK, statusUpdateSchema } from '../../src/status/status-update.ts';

describe('statusUpdateSchema', () => {
  const valid = { updateId: 'u-1', status: '办理中', occurredAt: '2024-05-01T10:00:00+08:00' };

  it('accepts a status update and coerces the date', () => {
    const update = statusUpdateSchema.parse({ ...valid, note: ' 已转交 ' });
    expect(update.occurredAt.toISOString()).toBe('2024-05-01T02:00:00.000Z');
    expect(update.note).toBe('已转交');
  });

  it('rejects a status outside the list, naming the allowed ones', () => {
    const result = statusUpdateSchema.safeParse({ ...valid, status: '已完成' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['status']);
    expect(result.error?.issues[0]?.message).toContain('受理');
  });

  it('rejects an invalid date', () => {
    const result = statusUpdateSchema.safeParse({ ...valid, occurredAt: 'tomorrow' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['occurredAt']);
  });

  it('rejects a missing updateId and unknown keys', () => {
    const { updateId: _u, ...noId } = valid;
    expect(statusUpdateSchema.safeParse(noId).success).toBe(false);
    expect(statusUpdateSchema.safeParse({ ...valid, updateId: '  ' }).success).toBe(false);
    expect(statusUpdateSchema.safeParse({ ...valid, ticketId: 't' }).success).toBe(false);
  });
});

describe('STATUS_RANK', () => {
  it('orders 受理 < 办理中 < 已办结 < 回访满意', () => {
    const order = ['受理', '办理中', '已办结', '回访满意'].map((s) => STATUS_RANK[s]!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(4);
  });

  it('ranks alternatives equally', () => {
    expect(STATUS_RANK['交办']).toBe(STATUS_RANK['退回']);
    expect(STATUS_RANK['回访满意']).toBe(STATUS_RANK['回访不满意']);
    expect(STATUS_RANK['交办']).toBeGreaterThan(STATUS_RANK['受理']!);
    expect(STATUS_RANK['交办']).toBeLessThan(STATUS_RANK['办理中']!);
  });
});
