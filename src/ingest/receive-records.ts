import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../app/context.ts';
import type { RecordFormat } from './record-formats.ts';
import { normaliseJobSpec } from '../queue/job-specs.ts';

export interface IncomingRecord {
  source: string;
  sourceRef?: string;
  format: RecordFormat;
  channel?: string;
  /** The record exactly as received (JSON text). */
  payload: string;
  /** Set when the receiving path already knows the record is bad: stored quarantined. */
  error?: string;
}

export interface StoredRecord {
  id: string;
  state: 'RECEIVED' | 'QUARANTINED';
}

/**
 * The ingest stage: every received record is stored as a RawRecord before anything else,
 * then queued for normalising. If queueing fails, the records stay RECEIVED in the
 * database and the re-drive sweep queues them later: nothing is lost.
 */
export async function receiveRecords(ctx: AppContext, records: IncomingRecord[]): Promise<StoredRecord[]> {
  if (records.length === 0) return [];
  const receivedAt = new Date();
  const rows = records.map((r) => ({
    id: uuidv7(),
    source: r.source.slice(0, 100),
    sourceRef: r.sourceRef?.slice(0, 200) ?? null,
    format: r.format,
    channel: r.channel ?? null,
    payload: r.payload,
    receivedAt,
    state: r.error ? ('QUARANTINED' as const) : ('RECEIVED' as const),
    error: r.error ?? null,
  }));
  await ctx.prisma.rawRecord.createMany({ data: rows });
  const received = rows.filter((r) => r.state === 'RECEIVED');
  try {
    await ctx.queue.add(received.map((r) => normaliseJobSpec(r.id)));
  } catch (error) {
    ctx.logger.warn({ count: received.length, err: (error as Error).message }, 'stored records could not be queued now; the re-drive sweep will queue them');
  }
  return rows.map((r) => ({ id: r.id, state: r.state }));
}
