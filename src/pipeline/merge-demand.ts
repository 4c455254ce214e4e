import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.ts';
import { mergeReasonOf } from '../merge/merge-reason.ts';
import { specific } from '../merge/profile.ts';
import { fromEpochMs } from '../db/raw-time.ts';
import { DEMAND_DOC_COLUMNS, discardMergeIndex, mergeIndex, MERGE_LOCK_KEY, type MergeEventLike, type RawDemandDoc, toBytes, toDoc } from '../merge/merge-index-sync.ts';
import type { TicketVersion } from '../queue/job-specs.ts';
import { mapYielding } from '../queue/yield-to-io.ts';
import { type MergeDemandRow, MergeWrites, stillJoinable } from './merge-writes.ts';

export interface MergeResult {
  ticketId: string | null;
  created: boolean;
}

export interface MergeOptions {
  /**
   * Also merge other demands waiting at MERGE, up to this many demands in all (the merge stage
   * passes MERGE_COALESCE): under a trickle of small batches, one transaction takes what has
   * queued up instead of one lock and catch-up per job.
   */
  coalesceUpTo?: number;
}

/** Demands one merge transaction takes at most when it coalesces waiting work. */
export const MERGE_COALESCE = 200;

export interface MergeBatch {
  /** Per demand merged by this call. */
  results: Map<string, MergeResult>;
  /** Tickets opened or grown, at the version the batch left them. */
  tickets: TicketVersion[];
}

/**
 * Same-issue merge (合并工单) of a batch of demands, decided by the MergeEngine: each demand joins
 * the open ticket whose representative texts and places it matches (exact duplicates included),
 * else opens a ticket. One PostgreSQL advisory lock serialises decisions across every worker and
 * process; under it the process first replays MergeEvents committed by others, then decides the
 * batch demand by demand — each decision applied to its index at once, so the next demand of the
 * batch sees it — and writes tickets, events and demands in a few bulk statements of the same
 * transaction. Two similar demands arriving at once therefore produce one ticket, in one batch or
 * in two. If the transaction fails, the in-memory index is discarded and rebuilt from the log.
 */
export async function mergeDemands(ctx: AppContext, demandIds: string[], options: MergeOptions = {}): Promise<MergeBatch> {
  const results = new Map<string, MergeResult>();
  const tickets: TicketVersion[] = [];
  // profiles outside the lock (CPU-heavy, index-independent); the lock covers only catch-up and matching
  const before = await readWaiting(ctx, demandIds);
  if (before.length === 0) return { results, tickets };
  const room = (options.coalesceUpTo ?? 0) - before.length;
  if (room > 0) {
    // demands whose own merge jobs still wait in the queue join this transaction (the lock and
    // the catch-up are paid once); their jobs then find them merged and only continue them —
    // not those another merge job of this process has taken already (they would be profiled twice)
    const waiting = await readOldestWaiting(ctx, [...demandIds, ...claimedBy(ctx)], room);
    before.push(...waiting);
    demandIds = [...demandIds, ...waiting.map((d) => d.id)];
  }
  const claimed = claimedBy(ctx);
  for (const row of before) claimed.add(row.id);
  try {
    return await decide(ctx, demandIds, before, results, tickets);
  } finally {
    for (const row of before) claimed.delete(row.id);
  }
}

const claims = new WeakMap<AppContext, Set<string>>();
/** Demands the merge jobs running in this process are deciding now. */
function claimedBy(ctx: AppContext): Set<string> {
  let set = claims.get(ctx);
  if (!set) claims.set(ctx, (set = new Set()));
  return set;
}

const MERGE_DEMAND_COLUMNS = `${DEMAND_DOC_COLUMNS}, street, community, channel, "textHash", likes, dislikes`;

/** The demands of `ids` still at stage MERGE (raw SQL: these rows carry whole texts). */
async function readWaiting(ctx: AppContext, ids: string[]): Promise<MergeDemandRow[]> {
  const rows = await ctx.database.query<RawDemandDoc & Omit<MergeDemandRow, 'occurredAt'>>(`SELECT ${MERGE_DEMAND_COLUMNS} FROM "Demand" WHERE stage = 'MERGE' AND id = ANY($1::text[])`, [ids]);
  return rows.map(fromRawRow);
}

/**
 * The `limit` oldest demands at MERGE outside `exclude`: their ids by walking "Demand_merging_idx"
 * (id, demands at MERGE only) in order, stopping at `limit`, then their rows by id. The planner used
 * to choose by statistics that a backlog outruns (autovacuum analyses after the fact): believing
 * few demands waited, it read every waiting demand and sorted them (3,400 rows read for 150 in a
 * 10,000-demand bench); believing many waited, it walked the primary key through every demand ever
 * merged (10,000 rows read for none, late in a 20,000-demand bench). Now bitmap and sequential scans
 * and sorts are off for the statement (the transaction scopes the settings), which leaves ordered
 * index scans, and `stage::text = 'MERGE'` (true exactly when `stage = 'MERGE'`) is a condition no
 * statistics describe, so a scan that must filter rows by stage — the primary key's — is costed as
 * finding few, and the partial index, whose rows all qualify, is the cheap one.
 */
async function readOldestWaiting(ctx: AppContext, exclude: string[], limit: number): Promise<MergeDemandRow[]> {
  const ids = await ctx.database.transaction(async (query) => {
    await query(ORDERED_INDEX_SCANS_ONLY);
    return query<{ id: string }>(
      `SELECT id FROM "Demand" WHERE stage = 'MERGE' AND stage::text = 'MERGE' AND NOT (id = ANY($1::text[])) ORDER BY id LIMIT $2`,
      [exclude, limit],
    );
  });
  if (ids.length === 0) return [];
  const rows = new Map((await readWaiting(ctx, ids.map((r) => r.id))).map((row) => [row.id, row]));
  return ids.flatMap(({ id }) => rows.get(id) ?? []);
}

const ORDERED_INDEX_SCANS_ONLY = `SELECT ${['enable_bitmapscan', 'enable_seqscan', 'enable_sort'].map((name) => `set_config('${name}', 'off', true)`).join(', ')}`;

const fromRawRow = ({ occurredMs, ...d }: RawDemandDoc & Omit<MergeDemandRow, 'occurredAt'>): MergeDemandRow => ({ ...d, occurredAt: fromEpochMs(occurredMs)! });

async function decide(ctx: AppContext, demandIds: string[], before: MergeDemandRow[], results: Map<string, MergeResult>, tickets: TicketVersion[]): Promise<MergeBatch> {
  const sync = mergeIndex(ctx);
  // yielding between demands: this process's other merge job may hold the lock, waiting on its queries
  const profiled = new Map(await mapYielding(before, (row) => [row.id, sync.engine.profile(toDoc(row))] as const));
  // the tickets the batch's demands could join, found before the lock (decisions may still meet others)
  const likelyTargets = [...profiled.values()].flatMap((p) => sync.engine.candidateIds(p));
  const written: bigint[] = [];
  try {
    await ctx.database.transaction(async (query) => {
      // lock first, then read: a redelivered job sees the stage its twin committed
      await query('SELECT pg_advisory_xact_lock($1::bigint)', [MERGE_LOCK_KEY]);
      // only the stage can have changed since the read above (a twin job merged them)
      const still = await query<{ id: string }>(`SELECT id FROM "Demand" WHERE id = ANY($1::text[]) AND stage = 'MERGE'`, [[...profiled.keys()]]);
      if (still.length === 0) return;
      const waiting = new Set(still.map((r) => r.id));
      const order = new Map(demandIds.map((id, i) => [id, i]));
      const rows = before.filter((row) => waiting.has(row.id)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      await sync.catchUp(query);
      const writes = new MergeWrites(query);
      await writes.prefetch(likelyTargets); // one read instead of one per decision
      const engine = sync.engine;
      const record = (event: MergeEventLike, doc?: ReturnType<typeof toDoc>) => {
        writes.events.push(event);
        sync.apply(event, doc);
      };
      for (const demand of rows) {
        const doc = toDoc(demand);
        let decided = false;
        for (let attempt = 0; attempt < 3 && !decided; attempt++) {
          const proposal = engine.match(doc, profiled.get(demand.id));
          const targetId = proposal.best?.cluster.id;
          const target = targetId ? await writes.ticket(targetId) : null;
          if (targetId && (!target || !stillJoinable(target, demand.occurredAt, ctx.config.REBOUND_DAYS))) {
            // finished meanwhile (status from the hotline) beyond the rebound window, or merged by a
            // supervisor: it leaves the index for good, then decide again
            record({ kind: 'close', ticketId: targetId, demandId: null, signature: null, titleSignature: null, data: null });
            continue;
          }
          const represent = engine.wouldRepresent(proposal);
          const ticketId = target ? writes.join(target, demand) : writes.open(randomUUID(), demand);
          const prepared = represent ? engine.prepare(proposal.doc, proposal) : undefined;
          const data = { places: prepared?.places ?? specific(proposal.profile.corePlaces), postingCores: prepared?.postingCores ?? [] };
          record({
            kind: !target ? 'open' : represent ? 'represent' : 'join',
            ticketId,
            demandId: demand.id,
            signature: prepared ? toBytes(prepared.signature) : null,
            titleSignature: prepared ? toBytes(prepared.titleSignature) : null,
            data,
          }, prepared ? doc : undefined);
          const reason = target ? mergeReasonOf(proposal.best!) : mergeReasonOf({ explanation: { score: 0, rule: 'new-ticket', sharedPlaces: [], similarPassages: [] } });
          writes.demand(demand.id, ticketId, reason);
          results.set(demand.id, { ticketId, created: !target });
          decided = true;
        }
        if (!decided) throw new Error(`merge of demand ${demand.id}: candidate tickets kept closing`);
      }
      written.push(...(await writes.flush()));
      tickets.push(...writes.touched());
    });
  } catch (error) {
    // decisions were applied to the in-memory index but not committed
    discardMergeIndex(ctx);
    throw error;
  }
  sync.markApplied(written);
  return { results, tickets };
}

/** One demand (tests, supervision tools): its ticket, and whether it opened it. */
export async function mergeDemand(ctx: AppContext, demandId: string): Promise<MergeResult> {
  const result = (await mergeDemands(ctx, [demandId])).results.get(demandId);
  if (result) return result;
  const row = await ctx.prisma.demand.findUnique({ where: { id: demandId }, select: { ticketId: true } });
  return { ticketId: row?.ticketId ?? null, created: false };
}

