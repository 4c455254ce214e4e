import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { analyticsQuery, timeRange } from '../../analytics/analytics-query.ts';
import { hotIssues, hotIssuesTable } from '../../analytics/hot-issues.ts';
import { regionView } from '../../analytics/region-view.ts';
import { risingIssues, risingTable } from '../../analytics/rising-issues.ts';
import { sendTable } from '../../analytics/table-export.ts';
import { volumes } from '../../analytics/volumes.ts';
import { requireRole } from '../auth-guard.ts';

/**
 * The analyst dashboard's data: aggregates and ticket titles only, never personal data.
 * Every table answers JSON by default and downloads with ?format=csv (UTF-8 BOM) or ?format=xlsx.
 */
export const analyticsRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const guard = requireRole(ctx, 'ANALYST', 'ADMIN');
    app.get('/analytics/volumes', { preHandler: guard }, async (request, reply) => {
      const q = analyticsQuery.parse(request.query);
      const { from, to } = timeRange(q);
      const { series, buckets, ...table } = await volumes(ctx.prisma, q, from, to);
      return sendTable(reply, table, q.format, { by: q.by, interval: q.interval, from, to, buckets, series });
    });
    app.get('/analytics/hot', { preHandler: guard }, async (request, reply) => {
      const q = analyticsQuery.parse(request.query);
      const { asOf } = timeRange(q);
      const issues = await hotIssues(ctx.prisma, q.window, asOf, q.limit);
      return sendTable(reply, hotIssuesTable(issues, q.window), q.format, { window: q.window, asOf, issues });
    });
    app.get('/analytics/rising', { preHandler: guard }, async (request, reply) => {
      const q = analyticsQuery.parse(request.query);
      const { asOf } = timeRange(q);
      const issues = await risingIssues(ctx.prisma, asOf, q.method);
      return sendTable(reply, risingTable(issues, q.method), q.format, { method: q.method, asOf, issues });
    });
    app.get('/analytics/regions', { preHandler: guard }, async (request, reply) => {
      const q = analyticsQuery.parse(request.query);
      const { from, to } = timeRange(q);
      return sendTable(reply, await regionView(ctx.prisma, from, to), q.format, { from, to });
    });
  };
