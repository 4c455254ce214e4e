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

describe.each(MODES)('text[] parameters (%s; binary in the embedded database)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  const roundTrip = async (values: Array<string | null>, query = t.ctx.database.query) =>
    (await query<{ v: string | null; n: string }>(`SELECT v, n::text AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [values])).map((r) => r.v);

  it('reach the database exactly as given: nulls, empty strings, escapes, surrogate pairs, long texts', async () => {
    const values = [...AWKWARD.slice(0, 3), null, ...AWKWARD.slice(3)];
    expect(await roundTrip(values)).toEqual(values);
    expect(await roundTrip([null])).toEqual([null]);
  });

  it("textArray writes what PostgreSQL's array_send writes", async () => {
    for (const values of [['甲', null, 'b"c', ''], AWKWARD, [null], []]) {
      const [row] = await t.ctx.database.query<{ b: Uint8Array }>(`SELECT array_send($1::text[]) AS b`, [values]);
      expect(Buffer.from(row!.b).equals(textArray(values))).toBe(true);
    }
  });

  it('an empty array is an empty text[]', async () => {
    const rows = await t.ctx.database.query<{ n: number; empty: boolean }>(`SELECT cardinality($1::text[]) AS n, $1::text[] = '{}'::text[] AS empty`, [[]]);
    expect(rows).toEqual([{ n: 0, empty: true }]);
  });

  it('work inside a transaction and beside parameters of other types', async () => {
    const rows = await t.ctx.database.transaction(async (query) => {
      expect(await roundTrip(AWKWARD.slice(0, 2), query)).toEqual(AWKWARD.slice(0, 2));
      return query<{ id: string; n: number; at: string }>(
        `SELECT u.id, u.n, to_char(u.at, 'YYYY-MM-DD') AS at FROM unnest($1::text[], $2::int[], $3::timestamp[]) AS u(id, n, at)`,
        [['a', 'b'], [1, 2], ['2026-11-20T01:00:00.000Z', '2026-11-21T01:00:00.000Z']],
      );
    });
    expect(rows).toEqual([{ id: 'a', n: 1, at: '2026-11-20' }, { id: 'b', n: 2, at: '2026-11-21' }]);
  });

  it('numbers given for a text[] still go through the default path', async () => {
    const rows = await t.ctx.database.query<{ v: string }>(`SELECT unnest($1::text[]) AS v`, [[1, 'x']]);
    expect(rows.map((r) => r.v)).toEqual(['1', 'x']);
  });
});
