import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cellText } from './column-mapping-row.ts';

/** One data row of an export: its 1-based row (CSV: line) number and cells by header. */
export interface SheetRow {
  row: number;
  cells: Record<string, unknown>;
}

export interface SheetRows {
  /** Column headers, known once the header row has been read. */
  header(): string[] | undefined;
  rows: AsyncGenerator<SheetRow>;
}

/** CSV (UTF-8, BOM allowed) streamed with csv-parse; the header is line `headerRow`. */
export function csvRows(input: Readable, headerRow: number): SheetRows {
  let header: string[] | undefined;
  const parser = input.pipe(
    parse({
      bom: true,
      from_line: headerRow,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (names: string[]) => (header = names.map((n) => String(n).trim())),
    }),
  );
  async function* rows(): AsyncGenerator<SheetRow> {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { row: info.lines, cells: record };
    }
  }
  return { header: () => header, rows: rows() };
}

/**
 * XLSX streamed with exceljs' WorkbookReader (rows are never all in memory; shared strings
 * and styles are cached, styles so that date cells come back as dates). Reads the sheet
 * named `sheet`, or the first one.
 */
export function xlsxRows(input: Readable, headerRow: number, sheet?: string | null): SheetRows {
  let header: string[] | undefined;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  async function* rows(): AsyncGenerator<SheetRow> {
    let seen = 0;
    for await (const worksheet of reader) {
      seen += 1;
      const wanted = sheet ? (worksheet as unknown as { name: string }).name === sheet : seen === 1;
      for await (const row of worksheet) {
        if (!wanted || row.number < headerRow) continue;
        const values = row.values as unknown[];
        if (row.number === headerRow) {
          header = Array.from(values, (v) => cellText(v) ?? '');
          continue;
        }
        if (!header) throw new Error(`sheet ${sheet ?? '1'}: no header row at row ${headerRow}`);
        const cells: Record<string, unknown> = {};
        header.forEach((name, i) => name && values[i] !== undefined && (cells[name] = values[i]));
        yield { row: row.number, cells };
      }
    }
    if (!header) throw new Error(sheet ? `no sheet named "${sheet}" with a header at row ${headerRow}` : `no header row at row ${headerRow}`);
  }
  return { header: () => header, rows: rows() };
}
