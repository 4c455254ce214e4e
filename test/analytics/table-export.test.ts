import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/analytics/table-export.ts';

describe('CSV export', () => {
  it('starts with a UTF-8 BOM, quotes separators and neutralises formulas', () => {
    const csv = toCsv({ name: 't', title: '表', columns: [{ key: 'a', label: '标题' }, { key: 'n', label: '数' }], rows: [{ a: '油烟, "噪音"', n: -2 }, { a: '=HYPERLINK("x")', n: 3 }, { a: null, n: 0 }] });
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe('标题,数\r\n"油烟, ""噪音""",-2\r\n"\'=HYPERLINK(""x"")",3\r\n,0\r\n');
  });
});
