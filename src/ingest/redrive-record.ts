import type { AppContext } from '../app/context.ts';
import { normaliseJobSpec } from '../queue/job-specs.ts';
import { receiveRecords } from './receive-records.ts';
import type { RecordFormat } from './record-formats.ts';

export type RedriveOutcome = { outcome: 'requeued'; rawRecordId: string } | { outcome: 'not-quarantined' } | { outcome: 'missing' };

/**
 * Re-drives a quarantined record after a fix. Without a corrected payload the record
 * itself is tried again (the fix was in the code or mapping); with one, the corrected
 * payload is stored as a new record and the original stays as received, marked. Audited.
 */
export async function redriveQuarantined(ctx: AppContext, id: string, actor: string, corrected?: unknown, reason?: string): Promise<RedriveOutcome> {
  const raw = await ctx.prisma.rawRecord.findUnique({ where: { id } });
  if (!raw) return { outcome: 'missing' };
  if (raw.state !== 'QUARANTINED') return { outcome: 'not-quarantined' };
  let target = raw.id;
  if (corrected === undefined) {
    await ctx.prisma.rawRecord.update({ where: { id }, data: { state: 'RECEIVED', error: null } });
    await ctx.queue.add([{ ...normaliseJobSpec(id), jobId: `n-${id}-redrive${Date.now()}` }]);
  } else {
    const [stored] = await receiveRecords(ctx, [{ source: raw.source, sourceRef: raw.sourceRef ?? undefined, format: raw.format as RecordFormat, channel: raw.channel ?? undefined, payload: JSON.stringify(corrected) }]);
    target = stored!.id;
    await ctx.prisma.rawRecord.update({ where: { id }, data: { error: `${raw.error ?? ''} — re-driven as ${target}` } });
  }
  await ctx.prisma.auditLog.create({
    data: { actor, action: 'quarantine.redrive', entity: 'RawRecord', entityId: id, before: { state: raw.state, error: raw.error }, after: { redrivenAs: target, corrected: corrected !== undefined }, reason },
  });
  return { outcome: 'requeued', rawRecordId: target };
}
