import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { demandInputSchema } from '../../ingest/demand-input.ts';
import { receiveRecords, type IncomingRecord } from '../../ingest/receive-records.ts';
import { describeError } from '../../ingest/record-formats.ts';
import { requireRole } from '../auth-guard.ts';

export const MAX_BATCH = 1000;

interface Rejection {
  index: number;
  rawRecordId: string;
  issues: Array<{ path: string; message: string }>;
}

/**
 * POST /api/v1/demands — one demand object, an array, or {demands: [...]} (≤ 1000).
 * Every record is stored first; valid ones are queued (202), invalid ones are kept as
 * quarantined RawRecords and reported field by field. All invalid → 400.
 */
export const demandRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.post('/demands', { preHandler: requireRole(ctx, 'CONNECTOR', 'ADMIN') }, async (request, reply) => {
      const body = request.body as unknown;
      const list = Array.isArray(body) ? body : isBatch(body) ? body.demands : [body];
      if (list.length === 0) return reply.code(400).send({ error: 'empty_batch', message: 'no demands in the request' });
      if (list.length > MAX_BATCH) return reply.code(413).send({ error: 'batch_too_large', message: `at most ${MAX_BATCH} demands per request, got ${list.length}` });

      const checked = list.map((record) => ({ record, result: demandInputSchema.safeParse(record) }));
      const incoming: IncomingRecord[] = checked.map(({ record, result }) => ({
        source: result.success ? result.data.source : sourceOf(record, request.principal!.name),
        sourceRef: result.success ? result.data.sourceRef : refOf(record),
        format: 'demand-v1',
        payload: JSON.stringify(record) ?? 'null',
        error: result.success ? undefined : describeError(result.error),
      }));
      const stored = await receiveRecords(ctx, incoming);
      const accepted = stored.flatMap((s, index) => (s.state === 'RECEIVED' ? [{ index, rawRecordId: s.id }] : []));
      const rejected: Rejection[] = checked.flatMap(({ result }, index) =>
        result.success ? [] : [{ index, rawRecordId: stored[index]!.id, issues: result.error.issues.map((i) => ({ path: i.path.join('.') || '(record)', message: i.message })) }],
      );
      const status = accepted.length === 0 ? 400 : 202;
      return reply.code(status).send({
        ...(status === 400 ? { error: 'invalid_demands', message: 'no demand in the request is valid; see rejected[].issues' } : {}),
        accepted,
        rejected,
      });
    });
  };

function isBatch(body: unknown): body is { demands: unknown[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { demands?: unknown }).demands);
}

function sourceOf(record: unknown, fallback: string): string {
  const s = (record as { source?: unknown } | null)?.source;
  return typeof s === 'string' && s.trim() ? s : `api:${fallback}`;
}

function refOf(record: unknown): string | undefined {
  const r = (record as { sourceRef?: unknown } | null)?.sourceRef;
  return typeof r === 'string' || typeof r === 'number' ? String(r) : undefined;
}
