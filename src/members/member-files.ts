import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { cellText } from '../../connectors/hotline-12345/column-mapping-row.ts';
import { xlsxRows } from '../../connectors/hotline-12345/file-import-readers.ts';

/** Column names accepted in member files, Chinese or English. */
export const MEMBER_HEADERS: Record<string, string> = {
  姓名: 'name', 界别: 'sector', 专委会: 'committee', 属地: 'regions', 关注领域: 'topics', 每日上限: 'dailyLimit', 用户名: 'username', 密码: 'password',
};

export interface MemberFileRow {
  line: number;
  row: Record<string, unknown>;
}

const column = (header: string) => MEMBER_HEADERS[header.trim()] ?? header.trim();

/** CSV of members (header row; Chinese or English column names). */
export async function readMemberCsvStream(input: Readable): Promise<MemberFileRow[]> {
  const rows: MemberFileRow[] = [];
  const parser = input.pipe(parse({ columns: (header: string[]) => header.map(column), bom: true, skip_empty_lines: true, trim: true, info: true }));
  for await (const record of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    rows.push({ line: record.info.lines, row: record.record });
  }
  return rows;
}

/** XLSX of members: first sheet, header in row 1; cells read as text (numbers, rich text, formulas). */
export async function readMemberXlsxStream(input: Readable): Promise<MemberFileRow[]> {
  const rows: MemberFileRow[] = [];
  for await (const { row, cells } of xlsxRows(input, 1).rows) {
    const entries = Object.entries(cells).map(([k, v]) => [column(k), cellText(v)] as const).filter(([, v]) => v !== undefined);
    if (entries.length > 0) rows.push({ line: row, row: Object.fromEntries(entries) });
  }
  return rows;
}

export function readMemberCsv(path: string): Promise<MemberFileRow[]> {
  return readMemberCsvStream(createReadStream(path));
}

/** A members file by its extension: .xlsx, otherwise CSV. */
export function readMemberFile(path: string): Promise<MemberFileRow[]> {
  return extname(path).toLowerCase() === '.xlsx' ? readMemberXlsxStream(createReadStream(path)) : readMemberCsv(path);
}

/** An uploaded members file (admin API), XLSX recognised by its ZIP signature. */
export function readMemberBuffer(body: Buffer): Promise<MemberFileRow[]> {
  const isZip = body.length > 4 && body[0] === 0x50 && body[1] === 0x4b;
  return isZip ? readMemberXlsxStream(Readable.from([body])) : readMemberCsvStream(Readable.from([body]));
}
