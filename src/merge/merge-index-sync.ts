import type { AppContext } from '../app/context.ts';
import { epochMsColumn, fromEpochMs } from '../db/raw-time.ts';
import type { SqlRunner } from '../db/sql-runner.ts';
import { MergeEngine } from './merge-engine.ts';
import type { Place } from './places.ts';
import type { DemandDoc } from './profile.ts';

/** Raw SQL inside the merge transaction (`Database.transaction`): no per-statement ORM cost while the lock is held. */
export type Query = SqlRunner['query'];

/** Key of the PostgreSQL advisory lock held around every merge decision (any process, any worker). */
export const MERGE_LOCK_KEY = 0x4c584d52; // 'LXMR'
/** Events read per round trip while catching up (a cold start replays every open ticket). */
const BATCH = 5_000;
/** A cold start profiles the newest representatives so document frequencies (idf) are realistic. */
const DF_WARMUP = 5_000;
/** A ticket whose handling reached 已办结 (rank 4) or that was merged into another no longer attracts demands. */
export const CLOSED_RANK = 4;

/** The fields of a MergeEvent that `apply` reads. */
export interface MergeEventLike {
  kind: string;
  ticketId: string;
  demandId: string | null;
  signature: Uint8Array | null;
  titleSignature: Uint8Array | null;
  data: unknown;
}

interface EventData {
  places?: Place[];
  postingCores?: string[];
}

/**
 * One process's merge index and how far it has read the MergeEvent log. `catchUp` must run while
 * the merge lock is held: then every event committed by any process is replayed in seq order
 * before this process decides, and no other decision can commit in between.
 */
export class MergeIndexSync {
  readonly engine: MergeEngine;
  lastSeq = 0n;
  private warm = false;
  private readonly applied = new Set<bigint>();

  private readonly reboundDays: number;

  constructor(ctx: AppContext) {
    this.engine = new MergeEngine({ windowDays: ctx.config.MERGE_WINDOW_DAYS });
    this.reboundDays = ctx.config.REBOUND_DAYS;
  }

  async catchUp(query: Query): Promise<number> {
    let applied = 0;
    const cold = !this.warm;
    for (;;) {
      // this process's own events (applied when decided) are not read back: under the merge lock
      // every event up to the sequence's last value has committed (or rolled back), so what the
      // query returns is everything else after lastSeq
      const own = [...this.applied].map(String);
      const events = (await query<RawEvent>(
        `SELECT seq::text AS seq, kind, "ticketId", "demandId", encode(signature, 'hex') AS sig, encode("titleSignature", 'hex') AS tsig, data::text AS data
         FROM "MergeEvent" WHERE seq > $1::bigint AND NOT (seq = ANY($2::bigint[])) ORDER BY seq LIMIT ${BATCH}`,
        [this.lastSeq.toString(), own],
      )).map(fromRawEvent);
      if (events.length === 0) {
        for (const seq of this.applied) if (seq > this.lastSeq) this.lastSeq = seq;
        this.applied.clear();
        break;
      }
      const repIds = events.filter((e) => e.kind === 'open' || e.kind === 'represent').map((e) => e.demandId!);
      const docs = new Map(repIds.length ? (await readDocs(query, repIds)).map((d) => [d.id, d]) : []);
      for (const e of events) {
        this.apply(e, e.demandId ? docs.get(e.demandId) : undefined);
        this.lastSeq = e.seq;
        applied++;
      }
      for (const seq of this.applied) if (seq <= this.lastSeq) this.applied.delete(seq);
    }
    if (cold) {
      await this.closeFinished(query);
      await this.warmUp(query);
      this.warm = true;
    }
    return applied;
  }

  /** Applies one MergeEvent to the index (`doc`: the demand of an open/represent event). */
  apply(e: MergeEventLike, doc?: DemandDoc): void {
    const data = (e.data ?? {}) as EventData;
    if ((e.kind === 'open' || e.kind === 'represent') && doc && e.signature && e.titleSignature) {
      this.engine.load({
        clusterId: e.ticketId, representative: doc, memberIds: [], places: data.places ?? [], postingCores: data.postingCores ?? [],
        signature: toWords(e.signature), titleSignature: toWords(e.titleSignature),
      });
    } else if (e.kind === 'join' && e.demandId) this.engine.loadMember(e.ticketId, e.demandId, data.places ?? []);
    else if (e.kind === 'detach' && e.demandId) this.engine.detach(e.demandId, e.ticketId);
    else if (e.kind === 'close') this.engine.close(e.ticketId);
  }

  /**
   * Events this process applied itself (with `apply`, in the transaction that wrote them): the
   * next catch-up passes over them. Call only after that transaction committed.
   */
  markApplied(seqs: Iterable<bigint>): void {
    for (const seq of seqs) if (seq > this.lastSeq) this.applied.add(seq);
  }

  /** After a cold replay: tickets merged away, or finished (status from the hotline) longer than REBOUND_DAYS ago, leave the index. */
  private async closeFinished(query: Query): Promise<void> {
    // a ticket closed within REBOUND_DAYS stays: a new report of it is a rebound (反弹), which the
    // merge stage checks per decision (stillJoinable) and closes in the index once it is too old
    const cutoff = new Date(Date.now() - this.reboundDays * 86_400_000);
    const finished = await query<{ id: string }>(
      `SELECT id FROM "Ticket" WHERE status = 'MERGED' OR ("statusRank" >= $1 AND ("statusAt" IS NULL OR "statusAt" < $2::timestamp))`,
      [CLOSED_RANK, cutoff.toISOString()],
    );
    for (const t of finished) this.engine.close(t.id);
  }

  private async warmUp(query: Query): Promise<void> {
    const recent = await query<{ demandId: string }>(
      `SELECT "demandId" FROM "MergeEvent" WHERE kind IN ('open', 'represent') ORDER BY seq DESC LIMIT ${DF_WARMUP}`,
    );
    for (const d of await readDocs(query, recent.map((r) => r.demandId))) this.engine.observe(d);
  }
}

interface RawEvent {
  seq: string;
  kind: string;
  ticketId: string;
  demandId: string | null;
  sig: string | null;
  tsig: string | null;
  data: string | null;
}

const fromHex = (hex: string | null): Uint8Array | null => (hex === null ? null : new Uint8Array(Buffer.from(hex, 'hex')));
/** Driver-neutral: pg, PGlite and Prisma return int8, bytea and jsonb differently, so they are read as text. */
const fromRawEvent = (e: RawEvent): MergeEventLike & { seq: bigint } => ({
  seq: BigInt(e.seq), kind: e.kind, ticketId: e.ticketId, demandId: e.demandId,
  signature: fromHex(e.sig), titleSignature: fromHex(e.tsig), data: e.data === null ? null : JSON.parse(e.data),
});

/** The columns of a Demand that `rawToDoc` reads, for raw selects from "Demand". */
export const DEMAND_DOC_COLUMNS = `id, title, content, ${epochMsColumn('occurredAt', 'occurredMs')}, district, category, "reporterHash"`;
export interface RawDemandDoc {
  id: string;
  title: string | null;
  content: string;
  occurredMs: number;
  district: string | null;
  category: string | null;
  reporterHash: string | null;
}
export const rawToDoc = (d: RawDemandDoc): DemandDoc => toDoc({ ...d, occurredAt: fromEpochMs(d.occurredMs)! });

async function readDocs(query: Query, ids: string[]): Promise<DemandDoc[]> {
  if (ids.length === 0) return [];
  return (await query<RawDemandDoc>(`SELECT ${DEMAND_DOC_COLUMNS} FROM "Demand" WHERE id = ANY($1::text[])`, [ids])).map(rawToDoc);
}

const syncs = new WeakMap<AppContext, MergeIndexSync>();

/** The merge index of this process (one per AppContext). */
export function mergeIndex(ctx: AppContext): MergeIndexSync {
  let sync = syncs.get(ctx);
  if (!sync) syncs.set(ctx, (sync = new MergeIndexSync(ctx)));
  return sync;
}

/**
 * Drops this process's index (e.g. after a batch transaction failed with decisions already
 * applied in memory): the next merge rebuilds it from the MergeEvent log.
 */
export function discardMergeIndex(ctx: AppContext): void {
  syncs.delete(ctx);
}

type DocFields = Pick<DemandDoc, 'id' | 'content' | 'occurredAt' | 'district' | 'category' | 'reporterHash'> & { title: string | null };

export function toDoc(d: DocFields): DemandDoc {
  return { id: d.id, title: d.title ?? '', content: d.content, occurredAt: d.occurredAt, district: d.district, category: d.category, reporterHash: d.reporterHash };
}

export function toBytes(words: Uint32Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Uint32Array.from(words).buffer);
}

function toWords(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}
