import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { Principal } from '../auth/tokens.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { ticketHeat } from '../pipeline/ticket-heat.ts';
import { continueTicketNow } from '../queue/continue-work.ts';
import { MERGE_LOCK_KEY, mergeIndex, toBytes, toDoc } from './merge-index-sync.ts';
import type { MergeReason } from './merge-reason.ts';

type Tx = Prisma.TransactionClient;

export const manualMergeSchema = z.object({ intoTicketId: z.string().min(1).max(100), reason: z.string().trim().min(2).max(500) }).strict();
export const manualSplitSchema = z.object({ demandIds: z.array(z.string().min(1).max(100)).min(1).max(1000), reason: z.string().trim().min(2).max(500) }).strict();

export class SupervisionError extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

const manual = (reason: 'manual-merge' | 'manual-split', detail: string): MergeReason => ({ score: 1, reason, sharedPlaces: [], passages: [], detail });

/**
 * A supervisor merges ticket `sourceId` into `intoTicketId`: every demand moves, the source ticket
 * becomes status MERGED (version bumped, so members holding it see the change), the target's
 * counts, channels and heat are recomputed. Audited; the MergeEvent log tells every process.
 */
export async function mergeTickets(ctx: AppContext, sourceId: string, who: Principal, input: z.infer<typeof manualMergeSchema>) {
  const result = await ctx.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MERGE_LOCK_KEY}::bigint)`;
    if (sourceId === input.intoTicketId) throw new SupervisionError(409, '不能把工单合并到它自身');
    const [source, target] = await Promise.all([tx.ticket.findUnique({ where: { id: sourceId } }), tx.ticket.findUnique({ where: { id: input.intoTicketId } })]);
    if (!source || !target) throw new SupervisionError(404, '未找到工单');
    if (source.status === 'MERGED' || target.status === 'MERGED') throw new SupervisionError(409, '工单已被合并');
    const demands = await tx.demand.findMany({ where: { ticketId: sourceId }, orderBy: { occurredAt: 'asc' } });
    const detail = `由管理员合并：${input.reason}`;
    await tx.demand.updateMany({ where: { ticketId: sourceId }, data: { ticketId: target.id, mergeReason: { ...manual('manual-merge', detail), mergedFromTicketId: sourceId } } });
    await tx.ticket.update({ where: { id: sourceId }, data: { status: 'MERGED', demandCount: 0, heat: 0, likes: 0, dislikes: 0, version: { increment: 1 } } });
    const after = await recount(tx, target.id);
    await tx.mergeEvent.create({ data: { kind: 'close', ticketId: sourceId } });
    const engine = mergeIndex(ctx).engine;
    for (const [i, d] of demands.entries()) {
      const prepared = i === 0 ? engine.prepare(toDoc(d)) : undefined;
      await tx.mergeEvent.create({
        data: {
          kind: prepared ? 'represent' : 'join', ticketId: target.id, demandId: d.id,
          signature: prepared ? toBytes(prepared.signature) : null, titleSignature: prepared ? toBytes(prepared.titleSignature) : null,
          data: (prepared ? { places: prepared.places, postingCores: prepared.postingCores } : {}) as unknown as Prisma.InputJsonValue,
        },
      });
    }
    const actor = `${who.role.toLowerCase()}:${who.name}`;
    await tx.auditLog.create({
      data: {
        actor, action: 'ticket.merge', entity: 'Ticket', entityId: sourceId, reason: input.reason,
        before: { source: snapshot(source), target: snapshot(target) },
        after: { source: { id: sourceId, status: 'MERGED', demandCount: 0 }, target: after, movedDemandIds: demands.map((d) => d.id) },
      },
    });
    return { ticketId: target.id, mergedTicketId: sourceId, demandCount: after.demandCount, movedDemandIds: demands.map((d) => d.id) };
  });
  await continueTicketNow(ctx, result.ticketId);
  return result;
}

/**
 * A supervisor splits `demandIds` out of ticket `ticketId` into a new ticket. Each split demand is
 * excluded from the old ticket for good (MergeExclusion + a detach event every process replays).
 */
export async function splitTicket(ctx: AppContext, ticketId: string, who: Principal, input: z.infer<typeof manualSplitSchema>) {
  const result = await ctx.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MERGE_LOCK_KEY}::bigint)`;
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
    if (!ticket || ticket.status === 'MERGED') throw new SupervisionError(404, '未找到工单');
    const ids = [...new Set(input.demandIds)];
    const moving = await tx.demand.findMany({ where: { id: { in: ids }, ticketId }, orderBy: { occurredAt: 'asc' } });
    if (moving.length !== ids.length) throw new SupervisionError(409, '部分诉求不属于该工单');
    if (moving.length >= ticket.demandCount) throw new SupervisionError(409, '不能拆出工单的全部诉求');
    const first = moving[0]!;
    const newId = randomUUID();
    await tx.ticket.create({
      data: {
        id: newId, title: first.title ?? first.content.slice(0, 40), summary: first.content.slice(0, 200), category: first.category,
        district: first.district, street: first.street, community: first.community, channels: [], firstSeenAt: first.occurredAt,
        lastSeenAt: first.occurredAt, dedupKey: `${first.textHash}|${first.district ?? ''}`, version: 0,
      },
    });
    const actor = `${who.role.toLowerCase()}:${who.name}`;
    await tx.demand.updateMany({ where: { id: { in: ids } }, data: { ticketId: newId, mergeReason: { ...manual('manual-split', `由管理员拆分：${input.reason}`), splitFromTicketId: ticketId } } });
    await tx.mergeExclusion.createMany({ data: ids.map((demandId) => ({ demandId, ticketId, actor, reason: input.reason })), skipDuplicates: true });
    const engine = mergeIndex(ctx).engine;
    for (const d of moving) await tx.mergeEvent.create({ data: { kind: 'detach', ticketId, demandId: d.id } });
    for (const [i, d] of moving.entries()) {
      const prepared = i === 0 ? engine.prepare(toDoc(d)) : undefined;
      await tx.mergeEvent.create({
        data: {
          kind: prepared ? 'open' : 'join', ticketId: newId, demandId: d.id,
          signature: prepared ? toBytes(prepared.signature) : null, titleSignature: prepared ? toBytes(prepared.titleSignature) : null,
          data: (prepared ? { places: prepared.places, postingCores: prepared.postingCores } : {}) as unknown as Prisma.InputJsonValue,
        },
      });
    }
    const [oldAfter, newAfter] = [await recount(tx, ticketId), await recount(tx, newId)];
    await tx.auditLog.create({
      data: { actor, action: 'ticket.split', entity: 'Ticket', entityId: ticketId, reason: input.reason, before: snapshot(ticket), after: { ticket: oldAfter, newTicket: newAfter, movedDemandIds: ids } },
    });
    return { ticketId, newTicketId: newId, demandCount: oldAfter.demandCount, newDemandCount: newAfter.demandCount };
  });
  await continueTicketNow(ctx, result.ticketId);
  await continueTicketNow(ctx, result.newTicketId);
  return result;
}

/** Recomputes a ticket's counts, channels, time span and heat from its demands, and bumps its version. */
async function recount(tx: Tx, ticketId: string) {
  const demands = await tx.demand.findMany({ where: { ticketId }, select: { channel: true, occurredAt: true, likes: true, dislikes: true } });
  const channels = [...new Set(demands.map((d) => d.channel))];
  const times = demands.map((d) => d.occurredAt.getTime());
  const likes = demands.reduce((sum, d) => sum + d.likes, 0);
  const dislikes = demands.reduce((sum, d) => sum + d.dislikes, 0);
  const t = await tx.ticket.update({
    where: { id: ticketId },
    data: {
      demandCount: demands.length, channels, heat: ticketHeat(demands.length, channels.length, likes, dislikes), likes, dislikes, version: { increment: 1 },
      ...(times.length ? { firstSeenAt: new Date(Math.min(...times)), lastSeenAt: new Date(Math.max(...times)) } : {}),
    },
  });
  return snapshot(t);
}

function snapshot(t: { id: string; status: string; demandCount: number; channels: string[]; heat: number; version: number; firstSeenAt: Date; lastSeenAt: Date }) {
  return { id: t.id, status: t.status, demandCount: t.demandCount, channels: t.channels, heat: t.heat, version: t.version, firstSeenAt: t.firstSeenAt.toISOString(), lastSeenAt: t.lastSeenAt.toISOString() };
}
