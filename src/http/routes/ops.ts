import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { requireRole } from '../auth-guard.ts';
import { connectorOverview } from '../../connectors/connector-status.ts';
import { redriveQuarantined } from '../../ingest/redrive-record.ts';

const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const redriveBody = z.object({ payload: z.unknown().optional(), reason: z.string().trim().max(500).optional() }).strict();

/** Health, queue state, connectors and the quarantine (with re-drive), for operators. */
export const opsRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', async () => {
      await ctx.prisma.$queryRaw`SELECT 1`;
      return { ok: true, database: ctx.database.kind, queue: ctx.queue.kind, classifier: ctx.classifier.current.version };
    });
    const admin = requireRole(ctx, 'ADMIN');
    app.get('/api/v1/jobs', { preHandler: admin }, async (request) => {
      const { limit } = pageQuery.parse(request.query);
      return { engine: ctx.queue.kind, counts: await ctx.queue.counts(), failed: await ctx.queue.failed(limit) };
    });
    app.get('/api/v1/quarantine', { preHandler: admin }, async (request) => {
      const { limit } = pageQuery.parse(request.query);
      // the ids by raw SQL with the state as a literal, so the partial index of records in flight
      // (migration 0012) serves it; Prisma's enum parameter would leave a scan of every record
      const ids = await ctx.database.query<{ id: string }>(`SELECT id FROM "RawRecord" WHERE state = 'QUARANTINED' ORDER BY "receivedAt" DESC LIMIT $1`, [limit]);
      const rows = await ctx.prisma.rawRecord.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { receivedAt: 'desc' } });
      return { items: rows.map((r) => ({ id: r.id, source: r.source, sourceRef: r.sourceRef, format: r.format, receivedAt: r.receivedAt, reason: r.error, payload: r.payload })) };
    });
    app.post('/api/v1/quarantine/:id/redrive', { preHandler: admin }, async (request, reply) => {
      const { id } = z.object({ id: z.string().min(1).max(100) }).parse(request.params);
      const body = redriveBody.parse(request.body ?? {});
      const result = await redriveQuarantined(ctx, id, `${request.principal!.kind}:${request.principal!.name}`, body.payload, body.reason);
      if (result.outcome === 'missing') return reply.code(404).send({ error: 'not_found', message: `no record ${id}` });
      if (result.outcome === 'not-quarantined') return reply.code(409).send({ error: 'conflict', message: 'the record is not quarantined' });
      return reply.code(202).send(result);
    });
    app.get('/api/v1/connectors', { preHandler: admin }, async () => connectorOverview(ctx));
  };
