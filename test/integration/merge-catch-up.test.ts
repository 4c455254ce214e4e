import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERGE_LOCK_KEY, mergeIndex, type Query } from '../../src/merge/merge-index-sync.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The merge log's catch-up under the merge lock: events this process wrote and applied itself are
 * not read back; events of other processes are, in seq order, across gaps in the sequence.
 */
describe.each(MODES)('merge index catch-up (%s)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Runs a catch-up under the lock, recording the MergeEvent rows the log query returned. */
  async function catchUp(): Promise<{ applied: number; seqsRead: string[] }> {
    const seqsRead: string[] = [];
    const applied = await t.ctx.database.transaction(async (query) => {
      await query('SELECT pg_advisory_xact_lock($1::bigint)', [MERGE_LOCK_KEY]);
      const recording: Query = async (text, params) => {
        const rows = await query(text, params);
        if (text.includes('FROM "MergeEvent" WHERE seq >')) seqsRead.push(...rows.map((r) => String((r as { seq: string }).seq)));
        return rows as never;
      };
      return mergeIndex(t.ctx).catchUp(recording);
    });
    return { applied, seqsRead };
  }

  /** Events as another process writes them (joins of a ticket; no demand rows needed). */
  const foreign = async (ticketId: string, demandIds: string[]) =>
    (await t.ctx.database.query<{ seq: string }>(
      `INSERT INTO "MergeEvent" (kind, "ticketId", "demandId") SELECT 'join', $1, d FROM unnest($2::text[]) AS d RETURNING seq::text AS seq`,
      [ticketId, demandIds],
    )).map((r) => BigInt(r.seq));

  it('skips its own events, applies the others in order, and moves past gaps', async () => {
    const sync = mergeIndex(t.ctx);
    await catchUp(); // cold start: the empty log
    const start = sync.lastSeq;

    // this process decided: a ticket opened (applied to its index when decided), logged by it
    sync.engine.load({
      clusterId: 'own-ticket', representative: { id: 'own-rep', content: '幸福里小区3号楼电梯经常故障', occurredAt: new Date(), district: 'A2区', category: null, reporterHash: null },
      memberIds: [], places: [], postingCores: [], signature: new Uint32Array(128), titleSignature: new Uint32Array(128),
    });
    const own = await foreign('own-ticket', ['own-1', 'own-2']);
    sync.markApplied(own);
    // a rolled-back transaction takes a seq that never commits
    await t.ctx.database.transaction(async (query) => {
      await query(`SELECT nextval(pg_get_serial_sequence('"MergeEvent"', 'seq'))`);
    });
    // another process's join of the same ticket, after the gap
    const theirs = await foreign('own-ticket', ['their-1']);

    const first = await catchUp();
    expect(first.seqsRead).toEqual(theirs.map(String));
    expect(first.applied).toBe(1);
    expect(sync.engine.clusterOf('their-1')).toBe('own-ticket');
    expect(sync.lastSeq).toBe(theirs[0]);
    expect(sync.lastSeq).toBeGreaterThan(start);

    // own events after the last foreign one: nothing to read, and lastSeq moves past them
    const more = await foreign('own-ticket', ['own-3']);
    sync.markApplied(more);
    const second = await catchUp();
    expect(second).toEqual({ applied: 0, seqsRead: [] });
    expect(sync.lastSeq).toBe(more[0]);

    // and a later foreign event is still found
    const later = await foreign('own-ticket', ['their-2']);
    const third = await catchUp();
    expect(third.seqsRead).toEqual(later.map(String));
    expect(sync.engine.clusterOf('their-2')).toBe('own-ticket');
  });
});
