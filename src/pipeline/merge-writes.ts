import type { Prisma } from '../generated/prisma/client.ts';
import { CLOSED_RANK, type MergeEventLike } from '../merge/merge-index-sync.ts';
import type { MergeReason } from '../merge/merge-reason.ts';
import type { TicketVersion } from '../queue/job-specs.ts';
import { ticketHeat } from './ticket-heat.ts';

type Tx = Prisma.TransactionClient;
type TicketRow = NonNullable<Awaited<ReturnType<Tx['ticket']['findUnique']>>>;
type DemandRow = NonNullable<Awaited<ReturnType<Tx['demand']['findUnique']>>>;

/** A ticket as the batch leaves it: an existing row with the joins of the batch, or a new one. */
interface TicketDraft {
  row: TicketRow;
  created: boolean;
  joins: number;
  likes: number;
  dislikes: number;
}

/**
 * An open ticket takes new reports; a closed (已办结…) one too while the report comes within
 * REBOUND_DAYS of its closing, so the route stage can flag the rebound (反弹) and route it again.
 */
export function stillJoinable(t: { status: string; statusRank: number; statusAt: Date | null }, occurredAt: Date, reboundDays: number): boolean {
  if (t.status === 'MERGED') return false;
  if (t.statusRank < CLOSED_RANK) return true;
  return t.statusAt !== null && occurredAt.getTime() - t.statusAt.getTime() <= reboundDays * 86_400_000;
}

/**
 * The writes of one merge batch, gathered while deciding and flushed in a few bulk statements:
 * new tickets (one INSERT), MergeEvents (one INSERT … RETURNING seq), demands (one UPDATE …
 * FROM unnest), tickets that grew (one read of their likes, one UPDATE … FROM unnest).
 */
export class MergeWrites {
  readonly events: MergeEventLike[] = [];
  private readonly tickets = new Map<string, TicketDraft>();
  private readonly demands: Array<{ id: string; ticketId: string; reason: string }> = [];

  constructor(private readonly tx: Tx) {}

  /** The ticket as this batch sees it (read once; a ticket opened by the batch is known already). */
  async ticket(id: string): Promise<TicketRow | null> {
    const known = this.tickets.get(id);
    if (known) return known.row;
    const row = await this.tx.ticket.findUnique({ where: { id } });
    if (row) this.tickets.set(id, { row, created: false, joins: 0, likes: 0, dislikes: 0 });
    return row;
  }

  open(id: string, d: DemandRow): string {
    const row: TicketRow = {
      id, title: d.title ?? d.content.slice(0, 40), summary: d.content.slice(0, 200), category: d.category,
      district: d.district, street: d.street, community: d.community, status: 'OPEN', statusRank: 0, statusAt: null,
      demandCount: 1, channels: [d.channel], firstSeenAt: d.occurredAt, lastSeenAt: d.occurredAt, heat: 0,
      dedupKey: `${d.textHash}|${d.district ?? ''}`, version: 1, routedVersion: 0, reboundAt: null, reboundCount: 0,
      createdAt: new Date(), updatedAt: new Date(),
    };
    this.tickets.set(id, { row, created: true, joins: 0, likes: d.likes, dislikes: d.dislikes });
    return id;
  }

  join(target: TicketRow, d: DemandRow): string {
    const draft = this.tickets.get(target.id)!;
    const t = draft.row;
    if (!t.channels.includes(d.channel)) t.channels = [...t.channels, d.channel];
    if (d.occurredAt < t.firstSeenAt) t.firstSeenAt = d.occurredAt;
    if (d.occurredAt > t.lastSeenAt) t.lastSeenAt = d.occurredAt;
    t.category ??= d.category;
    t.demandCount += 1;
    t.version += 1;
    draft.joins += 1;
    draft.likes += d.likes;
    draft.dislikes += d.dislikes;
    return t.id;
  }

  demand(id: string, ticketId: string, reason: MergeReason): void {
    this.demands.push({ id, ticketId, reason: JSON.stringify(reason) });
  }

  /** The tickets this batch opened or grew, at the version it leaves them (for the route stage). */
  touched(): TicketVersion[] {
    return [...this.tickets.values()].filter((d) => d.created || d.joins > 0).map((d) => ({ ticketId: d.row.id, version: d.row.version }));
  }

  /** Writes everything; returns the seqs of the MergeEvents written. */
  async flush(): Promise<bigint[]> {
    const { tx } = this;
    const drafts = [...this.tickets.values()];
    const created = drafts.filter((d) => d.created);
    // raw INSERTs from arrays: Prisma's createMany renders and validates every field of every row
    if (created.length > 0) {
      const rows = created.map((d) => d.row);
      await tx.$executeRaw`
        INSERT INTO "Ticket" (id, title, summary, category, district, street, community, "demandCount", channels,
          "firstSeenAt", "lastSeenAt", heat, "dedupKey", version, "updatedAt")
        SELECT u.id, u.title, u.summary, u.category, u.district, u.street, u.community, u.count, string_to_array(u.channels, chr(31)),
          u.first, u.last, u.heat, u.dedup, u.version, now() AT TIME ZONE 'UTC'
        FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.summary)}::text[],
          ${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.district)}::text[], ${rows.map((r) => r.street)}::text[],
          ${rows.map((r) => r.community)}::text[], ${rows.map((r) => r.demandCount)}::int[], ${rows.map((r) => r.channels.join('\u001f'))}::text[],
          ${rows.map((r) => r.firstSeenAt.toISOString())}::timestamp[], ${rows.map((r) => r.lastSeenAt.toISOString())}::timestamp[],
          ${created.map(({ row, likes, dislikes }) => ticketHeat(row.demandCount, row.channels.length, likes, dislikes))}::float8[],
          ${rows.map((r) => r.dedupKey)}::text[], ${rows.map((r) => r.version)}::int[])
          AS u(id, title, summary, category, district, street, community, count, channels, first, last, heat, dedup, version)`;
    }
    const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : null);
    const events = this.events;
    // in the order decided (WITH ORDINALITY … ORDER BY): replaying processes apply them by seq
    const seqs = events.length === 0 ? [] : await tx.$queryRaw<Array<{ seq: bigint }>>`
      INSERT INTO "MergeEvent" (kind, "ticketId", "demandId", signature, "titleSignature", data)
      SELECT u.kind, u.ticket, u.demand, decode(u.sig, 'hex'), decode(u.tsig, 'hex'), u.data::jsonb
      FROM unnest(${events.map((e) => e.kind)}::text[], ${events.map((e) => e.ticketId)}::text[], ${events.map((e) => e.demandId)}::text[],
        ${events.map((e) => hex(e.signature))}::text[], ${events.map((e) => hex(e.titleSignature))}::text[],
        ${events.map((e) => (e.data == null ? null : JSON.stringify(e.data)))}::text[]) WITH ORDINALITY AS u(kind, ticket, demand, sig, tsig, data, n)
      ORDER BY u.n
      RETURNING seq`;
    if (this.demands.length > 0) {
      await tx.$executeRaw`
        UPDATE "Demand" AS d SET "ticketId" = u.ticket, stage = 'ROUTE', "mergeReason" = u.reason::jsonb
        FROM unnest(${this.demands.map((d) => d.id)}::text[], ${this.demands.map((d) => d.ticketId)}::text[], ${this.demands.map((d) => d.reason)}::text[]) AS u(id, ticket, reason)
        WHERE d.id = u.id`;
    }
    const grown = drafts.filter((d) => !d.created && d.joins > 0);
    if (grown.length > 0) {
      const ids = grown.map((d) => d.row.id);
      const sums = await tx.$queryRaw<Array<{ id: string; likes: number; dislikes: number }>>`
        SELECT "ticketId" AS id, COALESCE(sum(likes), 0)::int AS likes, COALESCE(sum(dislikes), 0)::int AS dislikes
        FROM "Demand" WHERE "ticketId" = ANY(${ids}::text[]) GROUP BY "ticketId"`;
      const sumOf = new Map(sums.map((l) => [l.id, l]));
      const rows = grown.map((d) => d.row);
      await tx.$executeRaw`
        UPDATE "Ticket" AS t SET "demandCount" = t."demandCount" + u.joins, channels = string_to_array(u.channels, chr(31)),
          "firstSeenAt" = LEAST(t."firstSeenAt", u.first), "lastSeenAt" = GREATEST(t."lastSeenAt", u.last), heat = u.heat,
          category = COALESCE(t.category, u.category), version = t.version + u.joins, "updatedAt" = now()
        FROM unnest(${ids}::text[], ${grown.map((d) => d.joins)}::int[], ${rows.map((r) => r.channels.join('\u001f'))}::text[],
          ${rows.map((r) => r.firstSeenAt.toISOString())}::timestamp[], ${rows.map((r) => r.lastSeenAt.toISOString())}::timestamp[],
          ${rows.map((r) => ticketHeat(r.demandCount, r.channels.length, Number(sumOf.get(r.id)?.likes ?? 0), Number(sumOf.get(r.id)?.dislikes ?? 0)))}::float8[], ${rows.map((r) => r.category)}::text[])
          AS u(id, joins, channels, first, last, heat, category)
        WHERE t.id = u.id`;
    }
    return seqs.map((s) => s.seq);
  }
}
