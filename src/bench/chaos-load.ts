import type { AppContext } from '../app/context.ts';
import { applyMemberAction } from '../inbox/member-actions.ts';
import { receiveRecords } from '../ingest/receive-records.ts';
import { benchRecords } from './bench-input.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 12345 work order as the hotline's Kafka topic carries it (fictional person). */
export const chaosWorkOrder = (tag: string, i: number) => ({
  workOrderNo: `CH${tag}${String(i).padStart(7, '0')}`,
  acceptTime: `2026-11-${String(1 + (i % 20)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00`,
  title: `A${1 + (i % 7)}区第${i % 13}号路段积水`,
  content: `市民来电反映：A${1 + (i % 7)}区新华路${i % 13}号路段雨后积水严重，行人无法通行，希望尽快疏通排水。`,
  callerName: '李小红',
  callerPhone: `137${String(10_000_000 + i).slice(-8)}`,
  district: `A${1 + (i % 7)}区`,
  category: '城乡建设/市政设施',
});

export interface LoadCounters {
  /** (source, sourceRef) of every record the system accepted (ingest call or Kafka produce succeeded). */
  accepted: Set<string>;
  /** Ingest calls / produce calls that failed during a fault (the client would retry). */
  refused: number;
  actions: number;
  actionErrors: number;
}

/**
 * Load during fault injection: records through the ingest path at `rate`/s (a failed call is
 * retried with the same records, as a client would), optionally 12345 work orders through
 * Kafka, and members acting on pushed inbox items (each action writes an outbox event).
 */
export function startLoad(ctx: AppContext, opts: { tag: string; rate: number; produce?: (values: string[]) => Promise<void> }): { counters: LoadCounters; stop(): Promise<void> } {
  const counters: LoadCounters = { accepted: new Set(), refused: 0, actions: 0, actionErrors: 0 };
  let running = true;
  const ingest = (async () => {
    let batchNo = 0;
    while (running) {
      const batch = benchRecords(Math.max(1, Math.round(opts.rate / 5)), `${opts.tag}i${batchNo}`, batchNo + 7);
      try {
        await receiveRecords(ctx, batch);
        for (const r of batch) counters.accepted.add(`${r.source}|${r.sourceRef}`);
        batchNo += 1;
      } catch {
        counters.refused += 1;
      }
      await sleep(200);
    }
  })();
  const kafka = (async () => {
    if (!opts.produce) return;
    let next = 0;
    while (running) {
      const orders = Array.from({ length: Math.max(1, Math.round(opts.rate / 4)) }, (_, k) => chaosWorkOrder(opts.tag, next + k));
      try {
        await opts.produce(orders.map((o) => JSON.stringify(o)));
        for (const o of orders) counters.accepted.add(`hotline-12345|${o.workOrderNo}`);
        next += orders.length;
      } catch {
        counters.refused += 1;
      }
      await sleep(1000);
    }
  })();
  const actions = (async () => {
    const kinds = ['read', 'follow'] as const;
    while (running) {
      try {
        const items = await ctx.prisma.inboxItem.findMany({ where: { pushedAt: { not: null }, state: 'NEW' }, select: { id: true, memberId: true }, take: 3 });
        for (const item of items) {
          await applyMemberAction(ctx, item.memberId, item.id, { action: kinds[counters.actions % 2]! });
          counters.actions += 1;
        }
      } catch {
        counters.actionErrors += 1;
      }
      await sleep(500);
    }
  })();
  return {
    counters,
    async stop() {
      running = false;
      await Promise.all([ingest, kafka, actions]);
    },
  };
}
