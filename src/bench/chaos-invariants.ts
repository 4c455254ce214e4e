import type { AppContext } from '../app/context.ts';
import type { CallbackReceiver } from './callback-receiver.ts';
import { queuesDrained } from './pipeline-observer.ts';

export interface ChaosInvariants {
  acceptedRecords: number;
  demands: number;
  /** Accepted (source, sourceRef) without a Demand. */
  missingDemands: number;
  /** (source, sourceRef) with more than one Demand. */
  duplicateDemands: number;
  recordsNotNormalised: number;
  quarantined: number;
  demandsNotDone: number;
  tickets: number;
  /** Tickets whose demandCount or channels differ from their demands. */
  inconsistentTickets: number;
  outboxEvents: number;
  outboxUndelivered: number;
  /** Outbox keys the receiver never got. */
  outboxMissingAtReceiver: number;
  receiverDeliveries: number;
  /** Deliveries beyond the first per key (at-least-once; harmless because the receiver dedups). */
  receiverDuplicates: number;
  /** Effects applied at the receiver: must equal outboxEvents. */
  receiverEffects: number;
  queuesDrained: boolean;
  failedJobs: number;
}

/** Reads the state after recovery; `ok` says whether every invariant holds. */
export async function checkInvariants(ctx: AppContext, accepted: Set<string>, receiver?: CallbackReceiver): Promise<{ ok: boolean; violations: string[]; values: ChaosInvariants }> {
  const q = ctx.database.query;
  const refs = [...accepted].map((k) => k.split('|'));
  // a record that does not parse is quarantined with its reason instead of becoming a demand
  const [found] = await q<{ missing: number; quarantined: number }>(
    `SELECT count(*) FILTER (WHERE NOT q)::int AS missing, count(*) FILTER (WHERE q)::int AS quarantined FROM (
       SELECT EXISTS (SELECT 1 FROM "RawRecord" r WHERE r.source = k.source AND r."sourceRef" = k.ref AND r.state = 'QUARANTINED') AS q
       FROM unnest($1::text[], $2::text[]) AS k(source, ref)
       WHERE NOT EXISTS (SELECT 1 FROM "Demand" d WHERE d.source = k.source AND d."sourceRef" = k.ref)) x`,
    [refs.map((r) => r[0]), refs.map((r) => r[1])],
  );
  const [counts] = await q<Record<string, number>>(
    `SELECT (SELECT count(*) FROM "Demand")::int AS demands,
            (SELECT count(*) FROM (SELECT 1 FROM "Demand" GROUP BY source, "sourceRef" HAVING count(*) > 1) x)::int AS dup,
            (SELECT count(*) FROM "RawRecord" WHERE state = 'RECEIVED')::int AS received,
            (SELECT count(*) FROM "RawRecord" WHERE state = 'QUARANTINED')::int AS quarantined,
            (SELECT count(*) FROM "Demand" WHERE stage <> 'DONE')::int AS notdone,
            (SELECT count(*) FROM "Ticket")::int AS tickets,
            (SELECT count(*) FROM "Outbox")::int AS outbox,
            (SELECT count(*) FROM "Outbox" WHERE state <> 'SENT')::int AS undelivered`,
  );
  const badTickets = await q<{ id: string; demandCount: number; channels: string[]; c: number; ch: string[] }>(
    `SELECT t.id, t."demandCount", t.channels, coalesce(d.c, 0)::int AS c, d.ch FROM "Ticket" t
     LEFT JOIN (SELECT "ticketId", count(*) AS c, array_agg(DISTINCT channel) AS ch FROM "Demand" WHERE "ticketId" IS NOT NULL GROUP BY "ticketId") d ON d."ticketId" = t.id
     WHERE t."demandCount" <> coalesce(d.c, 0) OR NOT (t.channels @> coalesce(d.ch, '{}') AND t.channels <@ coalesce(d.ch, '{}'))`,
  );
  const bad = { n: badTickets.length };
  const keys = (await q<{ k: string }>(`SELECT "idempotencyKey" AS k FROM "Outbox"`)).map((r) => r.k);
  const failed = await ctx.queue.failed(1000);
  const values: ChaosInvariants = {
    acceptedRecords: accepted.size,
    demands: counts!.demands!,
    missingDemands: found!.missing,
    duplicateDemands: counts!.dup!,
    recordsNotNormalised: counts!.received!,
    quarantined: counts!.quarantined!,
    demandsNotDone: counts!.notdone!,
    tickets: counts!.tickets!,
    inconsistentTickets: bad.n,
    outboxEvents: counts!.outbox!,
    outboxUndelivered: counts!.undelivered!,
    outboxMissingAtReceiver: receiver ? keys.filter((k) => !receiver.deliveries.has(k)).length : 0,
    receiverDeliveries: receiver ? [...receiver.deliveries.values()].reduce((a, b) => a + b, 0) : 0,
    receiverDuplicates: receiver?.duplicates() ?? 0,
    receiverEffects: receiver?.effects ?? 0,
    queuesDrained: await queuesDrained(ctx),
    failedJobs: failed.length,
  };
  const violations: string[] = [];
  const must = (cond: boolean, what: string) => !cond && violations.push(what);
  must(values.missingDemands === 0, `${values.missingDemands} accepted records have no demand`);
  must(values.duplicateDemands === 0, `${values.duplicateDemands} records have more than one demand`);
  must(values.demands === values.acceptedRecords - found!.quarantined, `${values.demands} demands for ${values.acceptedRecords} accepted records (${found!.quarantined} quarantined)`);
  must(values.recordsNotNormalised === 0, `${values.recordsNotNormalised} records never normalised`);
  must(values.demandsNotDone === 0, `${values.demandsNotDone} demands short of DONE`);
  must(values.inconsistentTickets === 0, `${values.inconsistentTickets} tickets inconsistent with their demands, e.g. ${JSON.stringify(badTickets.slice(0, 3))}`);
  must(values.outboxUndelivered === 0, `${values.outboxUndelivered} outbox events undelivered`);
  must(values.outboxMissingAtReceiver === 0, `${values.outboxMissingAtReceiver} outbox events never reached the receiver`);
  if (receiver) must(values.receiverEffects === values.outboxEvents, `receiver applied ${values.receiverEffects} effects for ${values.outboxEvents} events`);
  must(values.queuesDrained, 'queues not drained');
  return { ok: violations.length === 0, violations, values };
}
