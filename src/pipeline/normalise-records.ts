import type { AppContext } from '../app/context.ts';
import { epochMsColumn, fromEpochMs } from '../db/raw-time.ts';
import { newIds } from '../db/new-ids.ts';
import { describeError, toDemandInput } from '../ingest/record-formats.ts';
import { buildDemand } from './build-demand.ts';
import { type Classification, classifyNew } from './classify-demand.ts';
import { isStatusFormat } from './normalise-record.ts';

export interface NormalisedBatch {
  /** Demands of the batch with their stage, for queueing the next one. */
  accepted: Array<{ demandId: string; stage: string }>;
  /**
   * Status records (replies, handling statuses) to normalise in jobs of their own: one may need a
   * demand of this very batch to reach its ticket first, and its retries must not hold the batch back.
   */
  statusRecords: string[];
  quarantined: number;
}

/**
 * RawRecords → Demands for a batch, in a handful of statements instead of ~5 per record:
 * one read, one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING (the unique (source,
 * sourceRef) makes re-runs and replays add nothing; only those read their ids back), one UPDATE
 * of the records. Status-update formats are handed back for jobs of their own. Idempotent.
 */
export async function normaliseRecords(ctx: AppContext, rawRecordIds: string[]): Promise<NormalisedBatch> {
  const out: NormalisedBatch = { accepted: [], statusRecords: [], quarantined: 0 };
  // raw SQL on the pool: Prisma's per-row mapping of the payloads costs more than the query
  const raws = (await ctx.database.query<{ id: string; source: string; format: string; channel: string | null; payload: string; received: number; state: string; demandId: string | null }>(
    `SELECT id, source, format, channel, payload, ${epochMsColumn('receivedAt', 'received')}, state::text AS state, "demandId"
     FROM "RawRecord" WHERE id = ANY($1::text[])`,
    [rawRecordIds],
  )).map((r) => ({ ...r, receivedAt: fromEpochMs(r.received)! }));
  const fresh: Array<{ rawId: string; data: ReturnType<typeof buildDemand> }> = [];
  const known: string[] = [];
  for (const raw of raws) {
    if (raw.state === 'QUARANTINED') continue;
    if (isStatusFormat(raw.format)) {
      out.statusRecords.push(raw.id);
      continue;
    }
    if (raw.state === 'ACCEPTED' && raw.demandId) {
      known.push(raw.demandId);
      continue;
    }
    try {
      fresh.push({ rawId: raw.id, data: buildDemand(toDemandInput(raw.format, raw.payload, raw), ctx.piiSalt) });
    } catch (error) {
      const reason = describeError(error);
      await ctx.prisma.rawRecord.update({ where: { id: raw.id }, data: { state: 'QUARANTINED', error: reason } });
      ctx.logger.warn({ rawRecordId: raw.id, source: raw.source, reason }, 'record quarantined');
      out.quarantined += 1;
    }
  }
  if (fresh.length > 0) {
    const ids = newIds(fresh.length);
    const classified = await classifyNew(ctx, fresh.map((f) => ({ ...f.data, title: f.data.title ?? null, sourceCategory: f.data.sourceCategory ?? null })));
    const created = await insertDemands(ctx, fresh.map((f, i) => ({ id: ids[i]!, rawRecordId: f.rawId, ...f.data, ...classified[i]! })));
    const rows: Array<{ id: string; source: string; sourceRef: string; stage: string }> = [...created];
    if (created.length < fresh.length) {
      // stored by an earlier delivery of the same record: read their ids
      const made = new Set(created.map((r) => `${r.source}\u0000${r.sourceRef}`));
      const missing = fresh.filter((f) => !made.has(`${f.data.source}\u0000${f.data.sourceRef}`));
      rows.push(...(await ctx.database.query<{ id: string; source: string; sourceRef: string; stage: string }>(
        `SELECT d.id, d.source, d."sourceRef", d.stage::text AS stage FROM "Demand" d
         JOIN unnest($1::text[], $2::text[]) AS k(source, ref) ON d.source = k.source AND d."sourceRef" = k.ref`,
        [missing.map((f) => f.data.source), missing.map((f) => f.data.sourceRef)],
      )));
    }
    const byKey = new Map(rows.map((r) => [`${r.source}\u0000${r.sourceRef}`, r]));
    const links = fresh.map((f) => ({ rawId: f.rawId, demand: byKey.get(`${f.data.source}\u0000${f.data.sourceRef}`)! }));
    await ctx.database.query(
      `UPDATE "RawRecord" r SET state = 'ACCEPTED', "demandId" = u.demand, error = NULL
       FROM unnest($1::text[], $2::text[]) AS u(id, demand) WHERE r.id = u.id`,
      [links.map((l) => l.rawId), links.map((l) => l.demand.id)],
    );
    for (const { demand } of links) out.accepted.push({ demandId: demand.id, stage: demand.stage });
  }
  if (known.length > 0) {
    const rows = await ctx.prisma.demand.findMany({ where: { id: { in: [...new Set(known)] } }, select: { id: true, stage: true } });
    const stageOf = new Map(rows.map((r) => [r.id, r.stage]));
    for (const id of known) if (stageOf.has(id)) out.accepted.push({ demandId: id, stage: stageOf.get(id)! });
  }
  return out;
}

type DemandRow = ReturnType<typeof buildDemand> & Classification & { id: string; rawRecordId: string };
const text = (rows: DemandRow[], pick: (d: DemandRow) => string | null | undefined) => rows.map((d) => pick(d) ?? null);

/**
 * One multi-row INSERT … SELECT FROM unnest … ON CONFLICT DO NOTHING RETURNING: the new demands,
 * classified already and so at stage MERGE (a record stored by an earlier delivery adds nothing). Raw SQL, because rendering fifty rows of
 * twenty columns through Prisma's query compiler cost more than the insert itself.
 */
async function insertDemands(ctx: AppContext, rows: DemandRow[]) {
  return ctx.database.query<{ id: string; source: string; sourceRef: string; stage: string }>(
    `INSERT INTO "Demand" (id, "rawRecordId", source, "sourceRef", channel, title, content, "reporterMasked", "reporterHash",
       "phoneMasked", "phoneHash", "idNumberHash", district, street, community, address, "occurredAt", "sourceCategory", likes, dislikes, "textHash",
       category, "categoryConfidence", category2, category3, "subcategoryConfidence", "needsReview", "sourceCategoryMapped", "classifierVersion", stage)
     SELECT *, 'MERGE'::"DemandStage" FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::timestamp[], $18::text[], $19::int[], $20::int[], $21::text[],
       $22::text[], $23::float8[], $24::text[], $25::text[], $26::float8[], $27::boolean[], $28::text[], $29::text[])
     ON CONFLICT (source, "sourceRef") DO NOTHING
     RETURNING id, source, "sourceRef", stage::text AS stage`,
    [
      text(rows, (d) => d.id), text(rows, (d) => d.rawRecordId), text(rows, (d) => d.source), text(rows, (d) => d.sourceRef), text(rows, (d) => d.channel),
      text(rows, (d) => d.title), text(rows, (d) => d.content), text(rows, (d) => d.reporterMasked), text(rows, (d) => d.reporterHash),
      text(rows, (d) => d.phoneMasked), text(rows, (d) => d.phoneHash), text(rows, (d) => d.idNumberHash), text(rows, (d) => d.district),
      text(rows, (d) => d.street), text(rows, (d) => d.community), text(rows, (d) => d.address),
      // ISO text: stored as UTC (like Prisma does) whatever the process's time zone
      rows.map((d) => d.occurredAt.toISOString()), text(rows, (d) => d.sourceCategory), rows.map((d) => d.likes), rows.map((d) => d.dislikes), text(rows, (d) => d.textHash),
      text(rows, (d) => d.category), rows.map((d) => d.categoryConfidence), text(rows, (d) => d.category2), text(rows, (d) => d.category3),
      rows.map((d) => d.subcategoryConfidence), rows.map((d) => d.needsReview), text(rows, (d) => d.sourceCategoryMapped), text(rows, (d) => d.classifierVersion),
    ],
  );
}
