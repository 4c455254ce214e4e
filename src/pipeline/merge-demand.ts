import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { mergeReasonOf } from '../merge/merge-reason.ts';
import { specific } from '../merge/profile.ts';
import { CLOSED_RANK, MERGE_LOCK_KEY, mergeIndex, toBytes, toDoc } from '../merge/merge-index-sync.ts';
import { ticketHeat } from './ticket-heat.ts';

export interface MergeResult {
  ticketId: string | null;
  created: boolean;
}

type Tx = Prisma.TransactionClient;
type DemandRow = NonNullable<Awaited<ReturnType<Tx['demand']['findUnique']>>>;

/**
 * Same-issue merge (合并工单), decided by the MergeEngine: a demand joins the open ticket whose
 * representative texts and places it matches (exact duplicates included), else opens a ticket.
 * One PostgreSQL advisory lock serialises decisions across every worker and process; under it the
 * process first replays MergeEvents committed by others, then decides and appends its own event in
 * the same transaction, so two similar demands arriving at once produce one ticket.
 */
export async function mergeDemand(ctx: AppContext, demandId: string): Promise<MergeResult> {
  const sync = mergeIndex(ctx);
  // profile outside the lock (CPU-heavy, index-independent); the lock covers only catch-up and matching
  const row = await ctx.prisma.demand.findUnique({ where: { id: demandId } });
  if (!row || row.stage !== 'MERGE') return { ticketId: row?.ticketId ?? null, created: false };
  const profiled = sync.engine.profile(toDoc(row));
  return ctx.prisma.$transaction(async (tx) => {
    // lock first, then read: a redelivered job sees the stage its twin committed
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MERGE_LOCK_KEY}::bigint)`;
    const demand = await tx.demand.findUnique({ where: { id: demandId } });
    if (!demand) return { ticketId: null, created: false };
    if (demand.stage !== 'MERGE') return { ticketId: demand.ticketId, created: false };
    await sync.catchUp(tx);
    const engine = sync.engine;
    for (let attempt = 0; attempt < 3; attempt++) {
      const proposal = engine.match(toDoc(demand), profiled);
      const target = proposal.best ? await tx.ticket.findUnique({ where: { id: proposal.best.cluster.id } }) : null;
      if (proposal.best && (!target || !stillJoinable(target, demand.occurredAt, ctx.config.REBOUND_DAYS))) {
        // finished meanwhile (status from the hotline) beyond the rebound window, or merged by a
        // supervisor: it leaves the index for good, then decide again
        await tx.mergeEvent.create({ data: { kind: 'close', ticketId: proposal.best.cluster.id } });
        engine.close(proposal.best.cluster.id);
        continue;
      }
      const represent = engine.wouldRepresent(proposal);
      const ticketId = target ? await joinTicket(tx, target.id, demand) : await openTicket(tx, randomUUID(), demand);
      const prepared = represent ? engine.prepare(proposal.doc) : undefined;
      await tx.mergeEvent.create({
        data: {
          kind: !target ? 'open' : represent ? 'represent' : 'join',
          ticketId,
          demandId,
          signature: prepared ? toBytes(prepared.signature) : null,
          titleSignature: prepared ? toBytes(prepared.titleSignature) : null,
          data: { places: prepared?.places ?? specific(proposal.profile.corePlaces), postingCores: prepared?.postingCores ?? [] } as unknown as Prisma.InputJsonValue,
        },
      });
      const reason = target ? mergeReasonOf(proposal.best!) : mergeReasonOf({ explanation: { score: 0, rule: 'new-ticket', sharedPlaces: [], similarPassages: [] } });
      await tx.demand.update({ where: { id: demandId }, data: { ticketId, stage: 'ROUTE', mergeReason: { ...reason } } });
      return { ticketId, created: !target };
    }
    throw new Error(`merge of demand ${demandId}: candidate tickets kept closing`);
  }, { timeout: 30_000, maxWait: 30_000 });
}

/**
 * An open ticket takes new reports; a closed (已办结…) one too while the report comes within
 * REBOUND_DAYS of its closing, so the route stage can flag the rebound (反弹) and route it again.
 */
function stillJoinable(t: { status: string; statusRank: number; statusAt: Date | null }, occurredAt: Date, reboundDays: number): boolean {
  if (t.status === 'MERGED') return false;
  if (t.statusRank < CLOSED_RANK) return true;
  return t.statusAt !== null && occurredAt.getTime() - t.statusAt.getTime() <= reboundDays * 86_400_000;
}

export async function openTicket(tx: Tx, id: string, d: DemandRow): Promise<string> {
  const ticket = await tx.ticket.create({
    data: {
      id,
      title: d.title ?? d.content.slice(0, 40),
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
      dedupKey: `${d.textHash}|${d.district ?? ''}`,
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
