import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { requireRole } from '../auth-guard.ts';

/*
 * The analysts' review queue and the source-category disagreements (ANALYST, ADMIN).
 * Responses carry the demand's text (masked at normalisation), place and categories only —
 * never reporter, phone, ID or address fields: the selects below name every field returned.
 * A demand leaves the queue when someone corrects or confirms its category
 * (POST /api/v1/demands/:id/category).
 */

export const REVIEW_PAGE_SIZE = 50;

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

/** The only Demand fields an analyst sees. */
const ANALYST_FIELDS = {
  id: true,
  source: true,
  channel: true,
  title: true,
  content: true,
  district: true,
  street: true,
  community: true,
  occurredAt: true,
  receivedAt: true,
  category: true,
  categoryConfidence: true,
  category2: true,
  category3: true,
  subcategoryConfidence: true,
  classifierVersion: true,
  sourceCategory: true,
  sourceCategoryMapped: true,
  ticketId: true,
} as const;

export const reviewRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const guard = { preHandler: requireRole(ctx, 'ANALYST', 'ADMIN') };

    /** Low-confidence demands, least confident first, with the current model's top alternatives. */
    app.get('/review', guard, async (request) => {
      const { page } = pageQuery.parse(request.query);
      const where = { needsReview: true };
      const [total, rows] = await Promise.all([
        ctx.prisma.demand.count({ where }),
        ctx.prisma.demand.findMany({
          where,
          select: ANALYST_FIELDS,
          orderBy: [{ categoryConfidence: 'asc' }, { receivedAt: 'asc' }, { id: 'asc' }],
          skip: (page - 1) * REVIEW_PAGE_SIZE,
          take: REVIEW_PAGE_SIZE,
        }),
      ]);
      const classifier = ctx.classifier.current;
      const items = rows.map((row) => {
        const scores = classifier.classify(`${row.title ?? ''}\n${row.content}`).scores ?? {};
        const alternatives = Object.entries(scores)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([category, p]) => ({ category, probability: Number(p.toFixed(3)) }));
        return { ...row, alternatives };
      });
      return { page, pageSize: REVIEW_PAGE_SIZE, total, threshold: ctx.config.REVIEW_CONFIDENCE_THRESHOLD, items };
    });

    /** Demands whose mapped source category differs from ours, with counts per (source's, ours) pair. */
    app.get('/review/disagreements', guard, async (request) => {
      const { page } = pageQuery.parse(request.query);
      const where = { sourceCategoryMapped: { not: null }, category: { not: null }, NOT: { sourceCategoryMapped: { equals: ctx.prisma.demand.fields.category } } };
      const [pairs, total, rows] = await Promise.all([
        ctx.prisma.$queryRaw<Array<{ sourceCategoryMapped: string; category: string; n: number }>>`
          SELECT "sourceCategoryMapped", "category", count(*)::int AS n FROM "Demand"
          WHERE "sourceCategoryMapped" IS NOT NULL AND "category" IS NOT NULL AND "sourceCategoryMapped" <> "category"
          GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 500`,
        ctx.prisma.demand.count({ where }),
        ctx.prisma.demand.findMany({
          where,
          select: ANALYST_FIELDS,
          orderBy: [{ receivedAt: 'desc' }, { id: 'asc' }],
          skip: (page - 1) * REVIEW_PAGE_SIZE,
          take: REVIEW_PAGE_SIZE,
        }),
      ]);
      return {
        pairs: pairs.map((p) => ({ sourceCategoryMapped: p.sourceCategoryMapped, category: p.category, count: Number(p.n) })),
        page,
        pageSize: REVIEW_PAGE_SIZE,
        total,
        items: rows,
      };
    });
  };
