import type { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { receiveRecords, type IncomingRecord } from './receive-records.ts';
import { describeError } from './record-formats.ts';

export const MAX_BATCH = 1000;

export interface BatchResult {
  status: 202 | 400 | 413;
  body: {
    error?: string;
    message?: string;
    accepted?: Array<{ index: number; rawRecordId: string }>;
    rejected?: Array<{ index: number; rawRecordId: string; issues: Array<{ path: string; message: string }> }>;
  };
}

export interface BatchSpec {
  /** Validates one record (its canonical form must also pass, so reasons come back now). */
  validate(record: unknown): z.ZodSafeParseResult<unknown>;
  /** How to store one record, valid or not. */
  toIncoming(record: unknown, valid: boolean): Omit<IncomingRecord, 'payload' | 'error'>;
}

/** A body holding one record, an array, or {items|demands: [...]}, as a list. */
export function recordsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const o = body as { demands?: unknown; items?: unknown } | null;
  if (o && Array.isArray(o.demands)) return o.demands;
  if (o && Array.isArray(o.items)) return o.items;
  return [body];
}

/**
 * Stores every record of a pushed batch (invalid ones quarantined with their reasons),
 * queues the valid ones, and answers per record: 202 when any was accepted, 400 when none.
 */
export async function acceptBatch(ctx: AppContext, body: unknown, spec: BatchSpec): Promise<BatchResult> {
  const list = recordsOf(body);
  if (list.length === 0) return { status: 400, body: { error: 'empty_batch', message: 'no records in the request' } };
  if (list.length > MAX_BATCH) return { status: 413, body: { error: 'batch_too_large', message: `at most ${MAX_BATCH} records per request, got ${list.length}` } };
  const checked = list.map((record) => ({ record, result: spec.validate(record) }));
  const stored = await receiveRecords(
    ctx,
    checked.map(({ record, result }) => ({
      ...spec.toIncoming(record, result.success),
      payload: JSON.stringify(record) ?? 'null',
      error: result.success ? undefined : describeError(result.error),
    })),
  );
  const accepted = stored.flatMap((s, index) => (s.state === 'RECEIVED' ? [{ index, rawRecordId: s.id }] : []));
  const rejected = checked.flatMap(({ result }, index) =>
    result.success ? [] : [{ index, rawRecordId: stored[index]!.id, issues: result.error.issues.map((i) => ({ path: i.path.join('.') || '(record)', message: i.message })) }],
  );
  if (accepted.length === 0) return { status: 400, body: { error: 'invalid_records', message: 'no record in the request is valid; see rejected[].issues', accepted, rejected } };
  return { status: 202, body: { accepted, rejected } };
}

/** Pulls a string field out of an unvalidated record, for RawRecord.source/sourceRef. */
export function fieldOf(record: unknown, key: string): string | undefined {
  const v = (record as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
