import { describe, expect, it } from 'vitest';
import { newIds } from '../../src/db/new-ids.ts';

describe('newIds', () => {
  it('gives distinct version-7 ids that increase across and within calls, in the same millisecond too', () => {
    const ids = [...newIds(5000), ...newIds(3), ...newIds(1000)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
  });
});
