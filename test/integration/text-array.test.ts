import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textArray } from '../../src/db/text-array.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

/** Texts an array literal would have to escape, and some a UTF-8 length must count right. */
const AWKWARD = [
  '北京市朝阳区幸福里小区3号楼电梯经常故障，困人多次。',
  '',
  'quotes " and \\ backslash, comma, {braces} and NULL',
  'NULL',
  '表情 😀 和扩展汉字 𠀀（代理对）',
  ' leading and trailing spaces ',
  'line\nbreak\ttab',
  'x'.repeat(70_000),
];

describe.each(MODES)('text[] parameters in binary format (%s)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  const roundTrip = async (values: Array<string | null>, query = t.ctx.database.query) =>
    (await query<{ v: string | null; n: string }>(`SELECT v, n::text AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [textArray(values)])).map((r) => r.v);

  it('reach the database exactly as given: nulls, empty strings, escapes, surrogate pairs, long texts', async () => {
    const values = [...AWKWARD.slice(0, 3), null, ...AWKWARD.slice(3)];
    expect(await roundTrip(values)).toEqual(values);
    expect(await roundTrip([null])).toEqual([null]);
  });

  it('an empty array is an empty text[]', async () => {
    const rows = await t.ctx.database.query<{ n: number; empty: boolean }>(`SELECT cardinality($1::text[]) AS n, $1::text[] = '{}'::text[] AS empty`, [textArray([])]);
    expect(rows).toEqual([{ n: 0, empty: true }]);
  });

  it('work inside a transaction and beside parameters of other types', async () => {
    const rows = await t.ctx.database.transaction(async (query) => {
      expect(await roundTrip(AWKWARD.slice(0, 2), query)).toEqual(AWKWARD.slice(0, 2));
      return query<{ id: string; n: number }>(`SELECT u.id, u.n FROM unnest($1::text[], $2::int[]) AS u(id, n)`, [textArray(['a', 'b']), [1, 2]]);
    });
    expect(rows).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
  });

  it('a plain JS array still works for text[] (the default serializer)', async () => {
    const rows = await t.ctx.database.query<{ v: string }>(`SELECT unnest($1::text[]) AS v`, [['甲', 'b"c', null]]);
    expect(rows.map((r) => r.v)).toEqual(['甲', 'b"c', null]);
  });
});
