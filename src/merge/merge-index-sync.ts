import type { AppContext } from '../app/context.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { MergeEngine } from './merge-engine.ts';
import type { Place } from './places.ts';
import type { DemandDoc } from './profile.ts';

type Tx = Prisma.TransactionClient;

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

  async catchUp(tx: Tx): Promise<number> {
    let applied = 0;
    const cold = !this.warm;
    for (;;) {
      const events = await tx.mergeEvent.findMany({ where: { seq: { gt: this.lastSeq } }, orderBy: { seq: 'asc' }, take: BATCH });
      if (events.length === 0) break;
      const repIds = events.filter((e) => (e.kind === 'open' || e.kind === 'represent') && !this.applied.has(e.seq)).map((e) => e.demandId!);
      const docs = new Map(repIds.length ? (await tx.demand.findMany({ where: { id: { in: repIds } } })).map((d) => [d.id, toDoc(d)]) : []);
      for (const e of events) {
        if (this.applied.delete(e.seq)) {
          this.lastSeq = e.seq;
          continue;
        }
        this.apply(e, e.demandId ? docs.get(e.demandId) : undefined);
        this.lastSeq = e.seq;
        applied++;
      }
    }
    if (cold) {
      await this.closeFinished(tx);
      await this.warmUp(tx);
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
  private async closeFinished(tx: Tx): Promise<void> {
    // a ticket closed within REBOUND_DAYS stays: a new report of it is a rebound (反弹), which the
    // merge stage checks per decision (stillJoinable) and closes in the index once it is too old
    const cutoff = new Date(Date.now() - this.reboundDays * 86_400_000);
    const finished = await tx.ticket.findMany({
      where: { OR: [{ status: 'MERGED' }, { statusRank: { gte: CLOSED_RANK }, OR: [{ statusAt: null }, { statusAt: { lt: cutoff } }] }] },
      select: { id: true },
    });
    for (const t of finished) this.engine.close(t.id);
  }

  private async warmUp(tx: Tx): Promise<void> {
    const recent = await tx.mergeEvent.findMany({ where: { kind: { in: ['open', 'represent'] } }, orderBy: { seq: 'desc' }, take: DF_WARMUP, select: { demandId: true } });
    const demands = await tx.demand.findMany({ where: { id: { in: recent.map((r) => r.demandId!) } } });
    for (const d of demands) this.engine.observe(toDoc(d));
  }
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

type DemandRow = NonNullable<Awaited<ReturnType<Tx['demand']['findUnique']>>>;

export function toDoc(d: DemandRow): DemandDoc {
  return { id: d.id, title: d.title ?? '', content: d.content, occurredAt: d.occurredAt, district: d.district, category: d.category, reporterHash: d.reporterHash };
}

export function toBytes(words: Uint32Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Uint32Array.from(words).buffer);
}

function toWords(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}
