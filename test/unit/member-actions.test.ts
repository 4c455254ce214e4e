import { describe, expect, it } from 'vitest';
import { memberActionSchema } from '../../src/inbox/member-actions.ts';

describe('memberActionSchema', () => {
  it.each(['read', 'follow', 'unfollow'])('accepts %s without a note', (action) => {
    expect(memberActionSchema.parse({ action })).toEqual({ action });
  });

  it('requires a note to dismiss', () => {
    const result = memberActionSchema.safeParse({ action: 'dismiss' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['note']);
  });

  it('accepts a dismissal with a reason', () => {
    expect(memberActionSchema.parse({ action: 'dismiss', note: '已由相关部门处理' })).toEqual({ action: 'dismiss', note: '已由相关部门处理' });
  });

  it('rejects a dismissal whose reason is only whitespace (as a validation error)', () => {
    const result = memberActionSchema.safeParse({ action: 'dismiss', note: '   ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('忽略需要填写理由');
  });

  it('trims a note with surrounding spaces', () => {
    expect(memberActionSchema.parse({ action: 'comment', note: '  请尽快处理  ' })).toEqual({ action: 'comment', note: '请尽快处理' });
  });

  it('requires a kind to adopt', () => {
    const result = memberActionSchema.safeParse({ action: 'adopt' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['kind']);
    expect(memberActionSchema.safeParse({ action: 'adopt', kind: 'bill' }).success).toBe(false);
  });

  it('accepts adoption as a proposal or a social report', () => {
    expect(memberActionSchema.parse({ action: 'adopt', kind: 'proposal' })).toEqual({ action: 'adopt', kind: 'proposal' });
    expect(memberActionSchema.parse({ action: 'adopt', kind: 'social-report', note: '写入社情民意' })).toEqual({
      action: 'adopt',
      kind: 'social-report',
      note: '写入社情民意',
    });
  });

  it('requires a note to comment and bounds its length', () => {
    expect(memberActionSchema.safeParse({ action: 'comment' }).success).toBe(false);
    expect(memberActionSchema.safeParse({ action: 'comment', note: '备'.repeat(2001) }).success).toBe(false);
  });

  it('rejects an unknown or missing action', () => {
    expect(memberActionSchema.safeParse({ action: 'delete' }).success).toBe(false);
    expect(memberActionSchema.safeParse({}).success).toBe(false);
    expect(memberActionSchema.safeParse('read').success).toBe(false);
  });
});
