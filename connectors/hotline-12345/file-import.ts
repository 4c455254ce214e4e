import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { AppContext } from '../../src/app/context.ts';
import { receiveRecords, type IncomingRecord } from '../../src/ingest/receive-records.ts';
import { dateReader, loadColumnMapping } from './column-mapping.ts';
import { mapRow, missingColumns } from './column-mapping-row.ts';
import { csvRows, xlsxRows } from './file-import-readers.ts';
import { HOTLINE_SOURCE, WORK_ORDER_FORMAT } from './work-order.ts';

export interface HotlineImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface HotlineImportOptions {
  /** Column-mapping JSON; default mappings/default-12345.json. */
  mappingPath?: string;
  onProgress?: (progress: HotlineImportProgress) => void;
  batchSize?: number;
}

export interface HotlineImportSummary {
  file: string;
  rows: number;
  stored: number;
  quarantined: number;
  /** Mapped optional columns the file does not have (their fields stay empty). */
  missingColumns: string[];
  seconds: number;
}

/**
 * Imports a 12345 export (CSV or XLSX) streamed row by row: each row mapped to a work order
 * ("hotline-12345-v1", source hotline-12345, so re-imports and other channels dedupe) and
 * stored in batches; rows that cannot be mapped are stored quarantined with row and reason.
 */
export async function importHotlineExport(ctx: AppContext, path: string, options: HotlineImportOptions = {}): Promise<HotlineImportSummary> {
  const startedAt = Date.now();
  const mapping = await loadColumnMapping(options.mappingPath);
  const readDate = dateReader(mapping.dateFormat);
  const totalBytes = (await stat(path)).size;
  const input = createReadStream(path);
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new Error(`${basename(path)}: expected a .csv or .xlsx export`);
  const sheet = ext === '.csv' ? csvRows(input, mapping.headerRow) : xlsxRows(input, mapping.headerRow, mapping.sheet);
  const summary: HotlineImportSummary = { file: basename(path), rows: 0, stored: 0, quarantined: 0, missingColumns: [], seconds: 0 };
  const batchSize = options.batchSize ?? 1000;
  let batch: IncomingRecord[] = [];
  const flush = async () => {
    const stored = await receiveRecords(ctx, batch);
    summary.stored += stored.length;
    summary.quarantined += stored.filter((s) => s.state === 'QUARANTINED').length;
    batch = [];
    options.onProgress?.({ bytesRead: input.bytesRead, totalBytes, rows: summary.rows });
  };
  try {
    for await (const { row, cells } of sheet.rows) {
      if (summary.rows === 0) summary.missingColumns = checkHeader(sheet.header() ?? [], mapping);
      summary.rows += 1;
      const { order, error } = mapRow(cells, mapping, readDate);
      batch.push({ source: HOTLINE_SOURCE, sourceRef: order.workOrderNo, format: WORK_ORDER_FORMAT, channel: 'hotline', payload: JSON.stringify(order), error: error && `row ${row}: ${error}` });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    input.destroy();
  }
  summary.seconds = (Date.now() - startedAt) / 1000;
  return summary;
}

function checkHeader(header: string[], mapping: Parameters<typeof missingColumns>[0]): string[] {
  const missing = missingColumns(mapping, header);
  if (missing.required.length > 0) throw new Error(`the export has no column ${missing.required.join(', ')} (see the column mapping)`);
  return missing.optional;
}
