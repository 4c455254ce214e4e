import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { Principal } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import { classificationAids } from './classification-aids.ts';

export const correctionSchema = z
  .object({
    category: z.string().trim().min(2).max(50).regex(/^[\p{Script=Han}\w、/-]+$/u, 'category: a category name of the taxonomy'),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();

export class CorrectionError extends Error {}

/**
 * Stores a person's correction (or confirmation, the same category) of a demand's category: the
 * demand takes it (confidence 1) and leaves the review queue,
 * the ticket takes its demands' majority category, and the next `lianxin train` learns it.
 * A member may correct only demands of tickets in their own inbox.
 */
export async function correctCategory(ctx: AppContext, demandId: string, who: Principal, input: z.infer<typeof correctionSchema>): Promise<{ category: string; ticketCategory: string | null }> {
  return ctx.prisma.$transaction(async (tx) => {
    const demand = await tx.demand.findUnique({ where: { id: demandId }, select: { id: true, category: true, category2: true, category3: true, needsReview: true, title: true, content: true, ticketId: true } });
    const visible = demand && (who.role !== 'MEMBER' || (demand.ticketId && (await tx.inboxItem.count({ where: { memberId: who.memberId ?? '-', ticketId: demand.ticketId, pushedAt: { not: null } } })) > 0));
    if (!demand || !visible) throw new CorrectionError('未找到该诉求');
    const actor = `${who.role.toLowerCase()}:${who.name}`;
    await tx.categoryCorrection.create({ data: { demandId, fromCategory: demand.category, toCategory: input.category, actor, reason: input.reason } });
    // Levels 2/3 belong to the first level: kept when it stands, found again when it changed.
    const levels =
      input.category === demand.category
        ? { category2: demand.category2, category3: demand.category3 }
        : ((await classificationAids(ctx.config, ctx.logger)).subcategories?.match(`${demand.title ?? ''}\n${demand.content}`, input.category) ?? { category2: null, category3: null, confidence: null });
    const category2 = levels.category2;
    const category3 = levels.category3;
    await tx.demand.update({
      where: { id: demandId },
      data: {
        category: input.category,
        categoryConfidence: 1,
        category2,
        category3,
        ...('confidence' in levels ? { subcategoryConfidence: levels.confidence } : {}),
        needsReview: false,
        reviewedAt: new Date(),
        reviewedBy: actor,
      },
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: 'demand.category',
        entity: 'Demand',
        entityId: demandId,
        before: { category: demand.category, category2: demand.category2, category3: demand.category3, needsReview: demand.needsReview },
        after: { category: input.category, category2, category3, needsReview: false },
        reason: input.reason,
      },
    });
    let ticketCategory: string | null = null;
    if (demand.ticketId) {
      const counts = await tx.demand.groupBy({ by: ['category'], where: { ticketId: demand.ticketId }, _count: { _all: true } });
      ticketCategory = counts.sort((a, b) => b._count._all - a._count._all)[0]?.category ?? null;
      await tx.ticket.update({ where: { id: demand.ticketId }, data: { category: ticketCategory } });
    }
    return { category: input.category, ticketCategory };
  });
}

/** The latest correction of each demand, as training examples ("title\ncontent", label). */
export async function correctionExamples(prisma: Db): Promise<Array<{ text: string; label: string }>> {
  const rows = await prisma.categoryCorrection.findMany({ orderBy: { createdAt: 'desc' }, include: { demand: { select: { title: true, content: true } } } });
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (seen.has(r.demandId)) return [];
    seen.add(r.demandId);
    return [{ text: `${r.demand.title ?? ''}\n${r.demand.content}`, label: r.toCategory }];
  });
}
