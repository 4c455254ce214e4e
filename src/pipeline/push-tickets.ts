import type { AppContext } from '../app/context.ts';
import { DeliveryCandidates, type DeliveryTicket } from '../routing/delivery-candidates.ts';
import { hotTicketIds } from '../routing/hot-ticket.ts';
import { recipientsOf } from '../routing/recipients.ts';
import { routingSnapshot } from '../routing/routing-snapshot.ts';
import { deliverItems } from './deliver-items.ts';

/** Start of "today" in China time, for members' daily limits. */
export function startOfChinaDay(now: Date): Date {
  const offset = 8 * 3600_000;
  const local = new Date(now.getTime() + offset);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset);
}

/** The China calendar date of an instant, YYYY-MM-DD (the day a daily limit counts in). */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export interface PushOptions {
  /** The scheduled batch (定期推送): delivers non-hot tickets too. */
  batch?: boolean;
  now?: Date;
}

export interface PushBatchResult {
  /** Items delivered. */
  pushed: number;
  /** Recipients still without the ticket (not due yet, or over a daily limit). */
  deferred: number;
  /** Tickets of the batch with recipients waiting that are hot (or 反弹). */
  hot: number;
}

/** A ticket of the batch as the push reads it: versions, heat, 反弹, what routing matches on, delivery state. */
type PushCandidate = {
  id: string; version: number; routedVersion: number; heat: number; rebound: boolean; reboundNote: string | null;
  district: string | null; category: string | null; pending: boolean; held: number;
};

/**
 * Delivers a batch of tickets in a fixed number of statements. Tickets marked for delivery
 * (route sets `deliveryPending`) get their recipients under the rules in force now; hot ones
 * (`hotTicketIds`, one grouped count) and 反弹 go at once, the rest in the scheduled batch unless
 * the rules say "immediate"; `deliverItems` then inserts, within each member's daily limit, the
 * items of the recipients who do not hold the ticket yet. The mark is cleared once every
 * recipient holds an item; over a limit, the ticket waits for the next batch.
 */
export async function pushTickets(ctx: AppContext, ticketIds: string[], options: PushOptions = {}): Promise<PushBatchResult> {
  const now = options.now ?? new Date();
  const ids = [...new Set(ticketIds)];
  const result: PushBatchResult = { pushed: 0, deferred: 0, hot: 0 };
  if (ids.length === 0) return result;
  // read first: the routed version each ticket has now is what this run completes (a later
  // routing may happen meanwhile; its own push job follows)
  const tickets = await ctx.database.query<PushCandidate>(
    `SELECT t.id, t.version, t."routedVersion", t.heat, t.district, t.category, t."reboundNote",
       (t."reboundAt" IS NOT NULL AND t."statusAt" IS NOT NULL AND t."reboundAt" >= t."statusAt") AS rebound,
       t."deliveryPending" AS pending,
       CASE WHEN t."deliveryPending" THEN (SELECT count(*)::int FROM "InboxItem" AS i WHERE i."ticketId" = t.id) ELSE 0 END AS held
     FROM "Ticket" AS t WHERE t.id = ANY($1::text[])`,
    [ids],
  );
  const complete = await deliver(ctx, tickets.filter((t) => t.pending), options, now, result);
  // this run's work is done: the re-drive leaves these tickets alone until they are routed again,
  // and the scheduled batch leaves those delivered to everyone (unless routed again meanwhile).
  // Tickets a merge transaction holds locked are skipped, not waited for (waiting, with rows locked
  // in another order, could deadlock with it): they are pushed once more by the sweep, harmlessly
  if (tickets.length > 0) {
    await ctx.database.query(
      `UPDATE "Ticket" AS t SET "pushedVersion" = GREATEST(t."pushedVersion", v.routed),
         "deliveryPending" = t."deliveryPending" AND NOT (v.complete AND t."routedVersion" = v.routed)
       FROM unnest($1::text[], $2::int[], $3::boolean[]) AS v(id, routed, complete)
       WHERE t.id = v.id AND (t."pushedVersion" < v.routed OR (v.complete AND t."deliveryPending" AND t."routedVersion" = v.routed))
         AND t.id IN (SELECT id FROM "Ticket" WHERE id = ANY($1::text[]) FOR NO KEY UPDATE SKIP LOCKED)`,
      [tickets.map((t) => t.id), tickets.map((t) => t.routedVersion), tickets.map((t) => complete.has(t.id))],
    );
  }
  return result;
}

/** Delivers what is due of the pending tickets; returns those every recipient now holds. */
async function deliver(ctx: AppContext, pending: PushCandidate[], options: PushOptions, now: Date, result: PushBatchResult): Promise<Set<string>> {
  const complete = new Set<string>();
  if (pending.length === 0) return complete;
  const snapshot = await routingSnapshot(ctx);
  const policy = snapshot.ruleSet.rules.push;
  const recipients = new Map(pending.map((t) => [t.id, recipientsOf(snapshot, t)]));
  // no recipient under the rules in force: nothing to deliver
  for (const t of pending) if (recipients.get(t.id)!.length === 0) complete.add(t.id);
  const waiting = pending.filter((t) => !complete.has(t.id));
  // rebounds are hot whatever their heat
  const hot = await hotTicketIds(ctx.database, waiting.filter((t) => !t.rebound), policy, now);
  const isHot = (t: PushCandidate) => t.rebound || hot.has(t.id);
  result.hot = waiting.filter(isHot).length;
  const due = waiting.filter((t) => options.batch || isHot(t) || policy.others !== 'scheduled');
  const dueIds = new Set(due.map((t) => t.id));
  // recipients without an item, estimated from the count held (exact for the due tickets below)
  for (const t of waiting) if (!dueIds.has(t.id)) result.deferred += Math.max(0, recipients.get(t.id)!.length - Number(t.held));
  if (due.length === 0) return complete;
  const candidates = new DeliveryCandidates(snapshot.ruleSet.version);
  const batch: DeliveryTicket[] = due.map((t, i) => {
    const ticket = { id: t.id, version: t.version, hot: isHot(t), heat: t.heat, rebound: t.rebound, reboundNote: t.reboundNote };
    candidates.add(i + 1, ticket, recipients.get(t.id)!); // SQL arrays count from 1
    return ticket;
  });
  for (const d of await deliverItems(ctx.database, batch, candidates, snapshot.ruleSet.version, now, chinaDate(now))) {
    result.pushed += d.pushed;
    result.deferred += d.open - d.pushed;
    if (d.pushed === d.open) complete.add(d.ticketId);
  }
  return complete;
}
