import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { requireRole } from '../auth-guard.ts';

const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Health, queue state and the quarantine, for operators. */
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
      const rows = await ctx.prisma.rawRecord.findMany({ where: { state: 'QUARANTINED' }, orderBy: { receivedAt: 'desc' }, take: limit });
      return { items: rows.map((r) => ({ id: r.id, source: r.source, sourceRef: r.sourceRef, receivedAt: r.receivedAt, reason: r.error, payload: r.payload })) };
    });
  };
