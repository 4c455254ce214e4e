import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app/create-app.ts';
import { loadConfig } from '../config.ts';
import { importFile } from '../ingest/import-file.ts';
import { createLogger } from '../logger.ts';
import { computeHeat } from '../pipeline/ticket-heat.ts';

export interface PipelineIssue {
  title: string;
  heat: number;
  demands: number;
  ids: string[];
}

/**
 * The real pipeline on embedded PGlite in a temporary DATA_DIR: the messages (time-ordered)
 * are imported as message-board records, normalised, classified and merged into tickets by the
 * merge stage; each ticket is then scored with the heat formula as of the replay's last message.
 * Returns the tickets best first.
 */
export async function replayThroughPipeline(lines: string[], { halfLifeDays, onProgress }: { halfLifeDays: number; onProgress?: (done: number, total: number) => void }): Promise<PipelineIssue[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lianxin-eval-hot-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LIANXIN_DEMO: 'off', PII_SALT: 'eval-hot-salt-0123456789', LOG_LEVEL: 'silent' };
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'MAILBOX_URL', 'MESSAGE_BOARD_URL', 'CPPCC_URL', 'STATUS_CALLBACK_URL']) delete env[key]; // embedded, nothing external
  const app = await createApp(loadConfig(env), createLogger('silent'));
  try {
    await app.startWorkers();
    const file = join(dataDir, 'messages.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    const summary = await importFile(app.ctx, file, { channel: 'message-board', source: 'eval-hot' });
    const { prisma } = app.ctx;
    for (;;) {
      const [done, quarantined] = await Promise.all([prisma.demand.count({ where: { stage: 'DONE' } }), prisma.rawRecord.count({ where: { state: 'QUARANTINED' } })]);
      onProgress?.(done + quarantined, summary.stored);
      if (done + quarantined >= summary.stored) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const end = await prisma.demand.aggregate({ _max: { occurredAt: true } });
    const asOf = end._max.occurredAt ?? new Date();
    const tickets = await prisma.ticket.findMany({ select: { title: true, demands: { select: { sourceRef: true, occurredAt: true, channel: true, reporterHash: true, likes: true, dislikes: true } } } });
    return tickets
      .map((t) => ({ title: t.title, heat: computeHeat(t.demands, { asOf, halfLifeDays }), demands: t.demands.length, ids: t.demands.map((d) => d.sourceRef) }))
      .sort((a, b) => b.heat - a.heat || b.demands - a.demands);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
