import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { AppContext } from '../app/context.ts';
import { receiveRecords, type IncomingRecord } from './receive-records.ts';

export interface ImportOptions {
  /** Source name stored with every record; (source, id) makes re-imports idempotent. */
  source?: string;
  channel?: string;
  batchSize?: number;
  onProgress?: (bytesRead: number, totalBytes: number, records: number) => void;
}

export interface ImportSummary {
  source: string;
  records: number;
  stored: number;
  quarantinedAtReceipt: number;
}

export function defaultSource(path: string): string {
  return `import-${basename(path, extname(path))}`;
}

/**
 * Streams a JSONL or CSV file of messages (id, user, title, content, time) into RawRecords
 * in batches, never holding the whole file. Lines that are not JSON are stored too,
 * quarantined with the line number and reason.
 */
export async function importFile(ctx: AppContext, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const source = options.source ?? defaultSource(path);
  const total = (await stat(path)).size;
  const input = createReadStream(path);
  const rows = extname(path).toLowerCase() === '.csv' ? csvRecords(input, source, options.channel) : jsonlRecords(input, source, options.channel);
  const summary: ImportSummary = { source, records: 0, stored: 0, quarantinedAtReceipt: 0 };
  let batch: IncomingRecord[] = [];
  const flush = async () => {
    const stored = await receiveRecords(ctx, batch);
    summary.stored += stored.length;
    summary.quarantinedAtReceipt += stored.filter((s) => s.state === 'QUARANTINED').length;
    batch = [];
    options.onProgress?.(input.bytesRead, total, summary.records);
  };
  for await (const record of rows) {
    summary.records += 1;
    batch.push(record);
    if (batch.length >= (options.batchSize ?? 500)) await flush();
  }
  await flush();
  return summary;
}

async function* jsonlRecords(input: NodeJS.ReadableStream, source: string, channel?: string): AsyncGenerator<IncomingRecord> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    let sourceRef: string | undefined;
    let error: string | undefined;
    try {
      const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
      sourceRef = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    } catch (e) {
      error = `line ${line}: invalid JSON (${(e as Error).message})`;
    }
    yield { source, sourceRef, channel, format: 'message-v1', payload: text, error };
  }
}

async function* csvRecords(input: NodeJS.ReadableStream, source: string, channel?: string): AsyncGenerator<IncomingRecord> {
  const parser = input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    yield { source, sourceRef: row.id || undefined, channel, format: 'message-v1', payload: JSON.stringify(row) };
  }
}
