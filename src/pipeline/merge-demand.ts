import type { AppContext } from '../app/context.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { ticketHeat } from './ticket-heat.ts';

const DAY_MS = 24 * 3600_000;

export interface MergeResult {
  ticketId: string | null;
  created: boolean;
}

type Tx = Prisma.TransactionClient;

/**
 * First merge rule (合并工单): a demand joins an open ticket with the same normalised text
 * (personal numbers masked, punctuation and width folded) in the same district, seen within
 * MERGE_WINDOW_DAYS; otherwise it opens a ticket. An advisory lock on the dedup key makes
 * concurrent workers with the same text produce one ticket.
 */
export async function mergeDemand(ctx: AppContext, demandId: string): Promise<MergeResult> {
  const windowMs = ctx.config.MERGE_WINDOW_DAYS * DAY_MS;
  return ctx.prisma.$transaction(async (tx) => {
    const demand = await tx.demand.findUnique({ where: { id: demandId } });
    if (!demand) return { ticketId: null, created: false };
    if (demand.stage !== 'MERGE') return { ticketId: demand.ticketId, created: false };
    const dedupKey = `${demand.textHash}|${demand.district ?? ''}`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${dedupKey}, 0))`;
    const match = await tx.ticket.findFirst({
      where: {
        dedupKey,
        lastSeenAt: { gte: new Date(demand.occurredAt.getTime() - windowMs) },
        firstSeenAt: { lte: new Date(demand.occurredAt.getTime() + windowMs) },
      },
      orderBy: { lastSeenAt: 'desc' },
    });
    const ticketId = match ? await joinTicket(tx, match.id, demand) : await openTicket(tx, dedupKey, demand);
    await tx.demand.update({
      where: { id: demandId },
      data: {
        ticketId,
        stage: 'ROUTE',
        mergeReason: match
          ? { rule: 'exact-text', score: 1, detail: '正文归一化后完全相同，且属地一致、时间在合并窗口内', matchedTicketId: match.id }
          : { rule: 'new-ticket', detail: '未找到相同诉求，新建工单' },
      },
    });
    return { ticketId, created: !match };
  });
}

type DemandRow = NonNullable<Awaited<ReturnType<Tx['demand']['findUnique']>>>;

async function openTicket(tx: Tx, dedupKey: string, d: DemandRow): Promise<string> {
  const title = d.title ?? d.content.slice(0, 40);
  const ticket = await tx.ticket.create({
    data: {
      title,
      summary: d.content.slice(0, 200),
      category: d.category,
      district: d.district,
      street: d.street,
      community: d.community,
      demandCount: 1,
      channels: [d.channel],
      firstSeenAt: d.occurredAt,
      lastSeenAt: d.occurredAt,
      heat: ticketHeat(1, 1, d.likes),
      dedupKey,
      version: 1,
    },
  });
  return ticket.id;
}

async function joinTicket(tx: Tx, ticketId: string, d: DemandRow): Promise<string> {
  const t = await tx.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  const channels = t.channels.includes(d.channel) ? t.channels : [...t.channels, d.channel];
  const likes = await tx.demand.aggregate({ where: { ticketId }, _sum: { likes: true } });
  await tx.ticket.update({
    where: { id: ticketId },
    data: {
      demandCount: { increment: 1 },
      channels,
      firstSeenAt: d.occurredAt < t.firstSeenAt ? d.occurredAt : t.firstSeenAt,
      lastSeenAt: d.occurredAt > t.lastSeenAt ? d.occurredAt : t.lastSeenAt,
      heat: ticketHeat(t.demandCount + 1, channels.length, (likes._sum.likes ?? 0) + d.likes),
      category: t.category ?? d.category,
      version: { increment: 1 },
    },
  });
  return ticketId;
}
