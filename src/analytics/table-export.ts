import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/** A table the dashboard shows and exports: labelled columns over plain rows. */
export interface DataTable {
  name: string;
  title: string;
  columns: Array<{ key: string; label: string }>;
  rows: Array<Record<string, string | number | null>>;
}

const csvCell = (v: unknown) => {
  const raw = v == null ? '' : String(v);
  // Text starting with = + - @ would run as a formula in Excel: prefixed with ' (numbers are left alone).
  const s = typeof v === 'string' && /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a UTF-8 BOM so Excel reads the Chinese text; cells starting with = + - @ are neutralised. */
export function toCsv(table: DataTable): Buffer {
  const lines = [table.columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key])).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function toXlsx(table: DataTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31) || 'data');
  sheet.columns = table.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(10, c.label.length * 2 + 4) }));
  for (const row of table.rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type TableFormat = 'json' | 'csv' | 'xlsx';

/** Sends the table as JSON, or as a CSV / XLSX download. */
export async function sendTable(reply: FastifyReply, table: DataTable, format: TableFormat, extra: Record<string, unknown> = {}) {
  if (format === 'json') return reply.send({ ...extra, table });
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${table.name}-${stamp}.${format}`;
  const disposition = `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`${table.title}-${stamp}.${format}`)}`;
  reply.header('content-disposition', disposition);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table));
}
