import type { AppContext } from '../app/context.ts';

export interface ConnectorStatus {
  name: string;
  cursor: unknown;
  lastSuccessAt: Date | null;
  lastError: string | null;
  /** Kafka only: messages past the committed offsets at the last batch. */
  lag: number | null;
}

export interface SourceCounts {
  source: string;
  received: number;
  accepted: number;
  quarantined: number;
}

const INTERNAL = ['lease:', 'demo-seed'];

/** Kafka cursors store `partitionN: nextOffset` and the batch's high watermark. */
function kafkaLag(cursor: unknown): number | null {
  const c = cursor as Record<string, string> | null;
  if (!c?.highWatermark) return null;
  const next = Object.entries(c).filter(([k]) => k.startsWith('partition')).map(([, v]) => Number(v));
  return next.length ? Math.max(0, Number(c.highWatermark) - Math.max(...next)) : null;
}

/** What GET /api/v1/connectors shows: each connector's cursor and health, and record counts per source. */
export async function connectorOverview(ctx: AppContext): Promise<{ connectors: ConnectorStatus[]; sources: SourceCounts[] }> {
  const [states, grouped] = await Promise.all([
    ctx.prisma.connectorState.findMany({ orderBy: { name: 'asc' } }),
    ctx.prisma.rawRecord.groupBy({ by: ['source', 'state'], _count: { _all: true } }),
  ]);
  const connectors = states
    .filter((s) => !INTERNAL.some((p) => s.name.startsWith(p)))
    .map((s) => ({ name: s.name, cursor: s.cursor, lastSuccessAt: s.lastSuccessAt, lastError: s.lastError, lag: kafkaLag(s.cursor) }));
  const bySource = new Map<string, SourceCounts>();
  for (const g of grouped) {
    const row = bySource.get(g.source) ?? { source: g.source, received: 0, accepted: 0, quarantined: 0 };
    row.received += g._count._all;
    if (g.state === 'ACCEPTED') row.accepted += g._count._all;
    if (g.state === 'QUARANTINED') row.quarantined += g._count._all;
    bySource.set(g.source, row);
  }
  return { connectors, sources: [...bySource.values()].sort((a, b) => a.source.localeCompare(b.source)) };
}
