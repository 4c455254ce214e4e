import { epochMsColumn, fromEpochMs } from '../db/raw-time.ts';
import { CLOSED_RANK, type MergeEventLike, type Query } from '../merge/merge-index-sync.ts';
import type { MergeReason } from '../merge/merge-reason.ts';
import type { TicketVersion } from '../queue/job-specs.ts';
import { ticketHeat } from './ticket-heat.ts';

/** What merging reads of a ticket: its handling state (may it still take reports?) and the fields a join changes. */
export interface TicketState {
  id: string;
  status: string;
  statusRank: number;
  statusAt: Date | null;
  category: string | null;
  demandCount: number;
  channels: string[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  version: number;
  /** Sums over its demands (the ticket's columns, grown by this batch's joins). */
  likes: number;
  dislikes: number;
}

/** The fields of a demand that merging writes into its ticket (read with MERGE_DEMAND_COLUMNS). */
export interface MergeDemandRow {
  id: string;
  title: string | null;
  content: string;
  occurredAt: Date;
  district: string | null;
  street: string | null;
  community: string | null;
  category: string | null;
  reporterHash: string | null;
  channel: string;
  textHash: string;
  likes: number;
  dislikes: number;
}

/** A ticket as the batch leaves it: an existing row with the joins of the batch, or a new one. */
interface TicketDraft {
  row: TicketState;
  /** Set for a ticket this batch opens: the columns only an INSERT writes. */
  opened?: { title: string; summary: string; district: string | null; street: string | null; community: string | null; dedupKey: string };
  joins: number;
  /** Likes and dislikes this batch's joins add. */
  likes: number;
  dislikes: number;
}

const TICKET_STATE = `id, status, "statusRank", ${epochMsColumn('statusAt')}, category, "demandCount", channels,
  ${epochMsColumn('firstSeenAt')}, ${epochMsColumn('lastSeenAt')}, version, likes, dislikes`;
type RawTicketState = Omit<TicketState, 'statusAt' | 'firstSeenAt' | 'lastSeenAt'> & { statusAt: number | null; firstSeenAt: number; lastSeenAt: number };
const fromRawTicket = (t: RawTicketState): TicketState => ({ ...t, statusAt: fromEpochMs(t.statusAt), firstSeenAt: fromEpochMs(t.firstSeenAt)!, lastSeenAt: fromEpochMs(t.lastSeenAt)! });

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
 * The writes of one merge batch, gathered while deciding and flushed in one statement of raw SQL
 * (the merge lock is held meanwhile): new tickets, MergeEvents (RETURNING seq), demands, and tickets
 * that grew (adding the batch's joins, likes and dislikes). Tickets are read in bulk (`prefetch`),
 * one statement per batch.
 */
export class MergeWrites {
  readonly events: MergeEventLike[] = [];
  private readonly tickets = new Map<string, TicketDraft>();
  private readonly missing = new Set<string>();
  private readonly demands: Array<{ id: string; ticketId: string; reason: string }> = [];

  constructor(private readonly query: Query) {}

  /** Reads the tickets the batch may join (e.g. its demands' candidate clusters) in one statement. */
  async prefetch(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.tickets.has(id) && !this.missing.has(id));
    if (wanted.length === 0) return;
    const rows = await this.query<RawTicketState>(`SELECT ${TICKET_STATE} FROM "Ticket" WHERE id = ANY($1::text[])`, [wanted]);
    for (const row of rows) this.tickets.set(row.id, { row: fromRawTicket(row), joins: 0, likes: 0, dislikes: 0 });
    for (const id of wanted) if (!this.tickets.has(id)) this.missing.add(id);
  }

  /** The ticket as this batch sees it (read once; a ticket opened or prefetched by the batch is known already). */
  async ticket(id: string): Promise<TicketState | null> {
    if (!this.tickets.has(id) && !this.missing.has(id)) await this.prefetch([id]);
    return this.tickets.get(id)?.row ?? null;
  }

  open(id: string, d: MergeDemandRow): string {
    const row: TicketState = {
      id, category: d.category, status: 'OPEN', statusRank: 0, statusAt: null, demandCount: 1, channels: [d.channel],
      firstSeenAt: d.occurredAt, lastSeenAt: d.occurredAt, version: 1, likes: d.likes, dislikes: d.dislikes,
    };
    const opened = {
      title: d.title ?? d.content.slice(0, 40), summary: d.content.slice(0, 200), district: d.district, street: d.street,
      community: d.community, dedupKey: `${d.textHash}|${d.district ?? ''}`,
    };
    this.tickets.set(id, { row, opened, joins: 0, likes: 0, dislikes: 0 });
    return id;
  }

  join(target: TicketState, d: MergeDemandRow): string {
    const draft = this.tickets.get(target.id)!;
    const t = draft.row;
    if (!t.channels.includes(d.channel)) t.channels = [...t.channels, d.channel];
    if (d.occurredAt < t.firstSeenAt) t.firstSeenAt = d.occurredAt;
    if (d.occurredAt > t.lastSeenAt) t.lastSeenAt = d.occurredAt;
    t.category ??= d.category;
    t.demandCount += 1;
    t.version += 1;
    t.likes += d.likes;
    t.dislikes += d.dislikes;
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
    return [...this.tickets.values()].filter((d) => d.opened || d.joins > 0).map((d) => ({ ticketId: d.row.id, version: d.row.version }));
  }

  /**
   * Writes everything in one statement (one round trip while the merge lock is held): new
   * tickets, MergeEvents in the order decided, demands, and tickets that grew, as data-modifying
   * CTEs (empty arrays write nothing; demands may point at the tickets the same statement
   * inserts: the foreign-key checks run at its end). Returns the seqs of the MergeEvents written.
   */
  async flush(): Promise<bigint[]> {
    const drafts = [...this.tickets.values()];
    const created = drafts.filter((d) => d.opened).map((d) => ({ ...d.row, ...d.opened! }));
    const grown = drafts.filter((d) => !d.opened && d.joins > 0);
    const events = this.events;
    if (created.length === 0 && grown.length === 0 && events.length === 0 && this.demands.length === 0) return [];
    const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : null);
    const heat = (r: TicketState) => ticketHeat(r.demandCount, r.channels.length, r.likes, r.dislikes);
    const seqs = await this.query<{ seq: string }>(
      `WITH opened AS (
         INSERT INTO "Ticket" (id, title, summary, category, district, street, community, "demandCount", channels,
           "firstSeenAt", "lastSeenAt", heat, "dedupKey", version, likes, dislikes, "updatedAt")
         SELECT u.id, u.title, u.summary, u.category, u.district, u.street, u.community, u.count, string_to_array(u.channels, chr(31)),
           u.first, u.last, u.heat, u.dedup, u.version, u.likes, u.dislikes, now() AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[],
           $10::timestamp[], $11::timestamp[], $12::float8[], $13::text[], $14::int[], $15::int[], $16::int[])
           AS u(id, title, summary, category, district, street, community, count, channels, first, last, heat, dedup, version, likes, dislikes)
       ), grown AS (
         UPDATE "Ticket" AS t SET "demandCount" = t."demandCount" + u.joins, channels = string_to_array(u.channels, chr(31)),
           "firstSeenAt" = LEAST(t."firstSeenAt", u.first), "lastSeenAt" = GREATEST(t."lastSeenAt", u.last), heat = u.heat,
           category = COALESCE(t.category, u.category), version = t.version + u.joins,
           likes = t.likes + u.likes, dislikes = t.dislikes + u.dislikes, "updatedAt" = now() AT TIME ZONE 'UTC'
         FROM unnest($17::text[], $18::int[], $19::text[], $20::timestamp[], $21::timestamp[], $22::float8[], $23::text[], $24::int[], $25::int[])
           AS u(id, joins, channels, first, last, heat, category, likes, dislikes)
         WHERE t.id = u.id
       ), merged AS (
         UPDATE "Demand" AS d SET "ticketId" = u.ticket, stage = 'ROUTE', "mergeReason" = u.reason::jsonb
         FROM unnest($26::text[], $27::text[], $28::text[]) AS u(id, ticket, reason) WHERE d.id = u.id
       ), logged AS (
         -- in the order decided (WITH ORDINALITY … ORDER BY): replaying processes apply them by seq
         INSERT INTO "MergeEvent" (kind, "ticketId", "demandId", signature, "titleSignature", data)
         SELECT u.kind, u.ticket, u.demand, decode(u.sig, 'hex'), decode(u.tsig, 'hex'), u.data::jsonb
         FROM unnest($29::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::text[]) WITH ORDINALITY AS u(kind, ticket, demand, sig, tsig, data, n)
         ORDER BY u.n
         RETURNING seq
       )
       SELECT seq::text AS seq FROM logged`,
      [
        created.map((r) => r.id), created.map((r) => r.title), created.map((r) => r.summary), created.map((r) => r.category), created.map((r) => r.district),
        created.map((r) => r.street), created.map((r) => r.community), created.map((r) => r.demandCount), created.map((r) => r.channels.join('\u001f')),
        created.map((r) => r.firstSeenAt.toISOString()), created.map((r) => r.lastSeenAt.toISOString()), created.map(heat),
        created.map((r) => r.dedupKey), created.map((r) => r.version), created.map((r) => r.likes), created.map((r) => r.dislikes),
        grown.map((d) => d.row.id), grown.map((d) => d.joins), grown.map((d) => d.row.channels.join('\u001f')), grown.map((d) => d.row.firstSeenAt.toISOString()),
        grown.map((d) => d.row.lastSeenAt.toISOString()), grown.map((d) => heat(d.row)), grown.map((d) => d.row.category),
        grown.map((d) => d.likes), grown.map((d) => d.dislikes),
        this.demands.map((d) => d.id), this.demands.map((d) => d.ticketId), this.demands.map((d) => d.reason),
        events.map((e) => e.kind), events.map((e) => e.ticketId), events.map((e) => e.demandId), events.map((e) => hex(e.signature)),
        events.map((e) => hex(e.titleSignature)), events.map((e) => (e.data == null ? null : JSON.stringify(e.data))),
      ],
    );
    return seqs.map((s) => BigInt(s.seq));
  }
}
