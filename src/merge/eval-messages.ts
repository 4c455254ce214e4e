import { readFile } from 'node:fs/promises';
import type { DemandDoc } from './profile.ts';

interface MessageRow {
  id: string | number;
  user?: string | null;
  title?: string | null;
  content?: string | null;
  time?: string | null;
}

/**
 * Reads the shared message files (JSONL: id, user, title, content, time) as demands with prefixed
 * ids (`H:` hot, `L:` labeled). A repeated id (identical rows) is read once. `user` is already an
 * anonymised id, so it serves as the reporter hash. Rows without time (reconstructed `exact:false`
 * rows) get `occurredAt: null`: they are never time-blocked, and they are ordered after all dated
 * rows in file order, since nothing is known about when they were written.
 */
export async function readMessages(files: Array<{ path: string; prefix: string }>): Promise<DemandDoc[]> {
  const docs = new Map<string, DemandDoc>();
  for (const { path, prefix } of files) {
    const text = await readFile(path, 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as MessageRow;
      const id = `${prefix}${row.id}`;
      if (docs.has(id)) continue;
      docs.set(id, {
        id,
        title: row.title ?? '',
        content: row.content ?? '',
        occurredAt: row.time ? new Date(`${row.time.replace(' ', 'T')}Z`) : null,
        reporterHash: row.user ?? null,
      });
    }
  }
  return timeOrder([...docs.values()]);
}

/** Dated demands by time (stable), then the undated ones in file order. */
export function timeOrder(docs: DemandDoc[]): DemandDoc[] {
  const dated = docs.filter((d) => d.occurredAt !== null);
  const undated = docs.filter((d) => d.occurredAt === null);
  dated.sort((a, b) => a.occurredAt!.getTime() - b.occurredAt!.getTime());
  return [...dated, ...undated];
}
