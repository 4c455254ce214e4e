import type { AppContext } from '../app/context.ts';
import { newIds } from '../db/new-ids.ts';
import type { RecordFormat } from './record-formats.ts';
import { normaliseBatcher } from './normalise-batcher.ts';

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
 * then queued for normalising, together with what other calls stored meanwhile (at most
 * INGEST_LINGER_MS later: see NormaliseBatcher). If queueing fails, the records stay RECEIVED in the
 * database and the re-drive sweep queues them later: nothing is lost.
 */
export async function receiveRecords(ctx: AppContext, records: IncomingRecord[]): Promise<StoredRecord[]> {
  if (records.length === 0) return [];
  const receivedAt = new Date();
  const ids = newIds(records.length);
  const rows = records.map((r, i) => ({
    id: ids[i]!,
    source: r.source.slice(0, 100),
    sourceRef: r.sourceRef?.slice(0, 200) ?? null,
    format: r.format,
    channel: r.channel ?? null,
    ...storable(r),
    receivedAt,
  }));
  await insertRawRecords(ctx, rows);
  const received = rows.filter((r) => r.state === 'RECEIVED');
  try {
    await normaliseBatcher(ctx).add(received.map((r) => r.id));
  } catch (error) {
    ctx.logger.warn({ count: received.length, err: (error as Error).message }, 'stored records could not be queued now; the re-drive sweep will queue them');
  }
  return rows.map((r) => ({ id: r.id, state: r.state }));
}

/** PostgreSQL text cannot hold NUL: such a payload is kept as base64, quarantined with the reason. */
function storable(r: IncomingRecord): { payload: string; state: 'RECEIVED' | 'QUARANTINED'; error: string | null } {
  if (r.payload.includes('\u0000')) {
    return { payload: JSON.stringify({ base64: Buffer.from(r.payload).toString('base64') }), state: 'QUARANTINED', error: r.error ?? 'payload contains a NUL character' };
  }
  return { payload: r.payload, state: r.error ? 'QUARANTINED' : 'RECEIVED', error: r.error ?? null };
}

type RawRow = { id: string; source: string; sourceRef: string | null; format: string; channel: string | null; payload: string; state: string; error: string | null; receivedAt: Date };

/**
 * One INSERT … SELECT FROM unnest(…) per batch: measured about 10× faster than Prisma's
 * createMany for 1,000-row batches, which also kept ~4.6 MB of heap per call.
 */
async function insertRawRecords(ctx: AppContext, rows: RawRow[]): Promise<void> {
  const column = <K extends keyof RawRow>(key: K) => rows.map((r) => r[key]);
  await ctx.database.query(
    `INSERT INTO "RawRecord" (id, source, "sourceRef", format, channel, payload, state, error, "receivedAt")
     SELECT id, source, ref, format, channel, payload, state::"RawState", error, ($9::timestamptz AT TIME ZONE 'UTC')
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, source, ref, format, channel, payload, state, error)`,
    [column('id'), column('source'), column('sourceRef'), column('format'), column('channel'), column('payload'), column('state'), column('error'), rows[0]!.receivedAt.toISOString()],
  );
}
