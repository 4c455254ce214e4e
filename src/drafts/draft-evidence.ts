import type { Demand } from '../generated/prisma/client.ts';
import { redactPersonal } from '../inbox/redact.ts';

export interface DraftEvidence {
  channels: Array<{ channel: string; count: number }>;
  trend: Array<{ date: string; count: number }>;
  quotes: Array<{ channel: string; occurredAt: string; text: string }>;
}

const MAX_QUOTES = 5;

/** China local date of an instant (YYYY-MM-DD). */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Evidence for a draft from the demands behind it: how many per channel, per day, and up to
 * five representative quotes (one per channel first, then the newest), with personal data removed.
 */
export function buildEvidence(demands: Array<Pick<Demand, 'id' | 'channel' | 'occurredAt' | 'title' | 'content'> & { reporterMasked?: string | null }>): DraftEvidence {
  const reporters = demands.map((d) => d.reporterMasked ?? null);
  const byChannel = new Map<string, number>();
  const byDay = new Map<string, number>();
  for (const d of demands) {
    byChannel.set(d.channel, (byChannel.get(d.channel) ?? 0) + 1);
    const day = chinaDate(d.occurredAt);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  const newest = [...demands].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  const picked = new Map<string, (typeof demands)[number]>();
  for (const d of newest) if (![...picked.values()].some((p) => p.channel === d.channel)) picked.set(d.id, d);
  for (const d of newest) if (picked.size < MAX_QUOTES && !picked.has(d.id)) picked.set(d.id, d);
  return {
    channels: [...byChannel].map(([channel, count]) => ({ channel, count })).sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    trend: [...byDay].map(([date, count]) => ({ date, count })).sort((a, b) => a.date.localeCompare(b.date)),
    quotes: [...picked.values()].slice(0, MAX_QUOTES).map((d) => ({ channel: d.channel, occurredAt: d.occurredAt.toISOString(), text: redactPersonal(d.content, reporters).slice(0, 300) })),
  };
}
