import { tokenize, NUM_TOKEN } from '../classify/tokenize.ts';
import type { Db } from '../db/database.ts';
import { redactPersonal } from './redact.ts';

const MAX_WORDS = 20;

export interface SimilarTicket {
  id: string;
  title: string;
  category: string | null;
  district: string | null;
  status: string;
  heat: number;
  lastSeenAt: Date;
}

/** The distinct words (two characters or more) of a ticket's title and summary. */
export function keyWords(text: string): string[] {
  const words = new Set<string>();
  for (const w of tokenize(text)) if (w !== NUM_TOKEN && [...w].length >= 2) words.add(w);
  return [...words].slice(0, MAX_WORDS);
}

/**
 * 相似历史工单: other tickets of the same district (and category, when known), ranked in
 * PostgreSQL by how many of this ticket's words their title and summary share, then by
 * recency. Plain SQL (strpos), so it runs on PGlite and PostgreSQL alike.
 */
export async function similarTickets(prisma: Db, ticket: { id: string; title: string; summary: string; category: string | null; district: string | null }, limit = 5): Promise<SimilarTicket[]> {
  const words = keyWords(`${ticket.title} ${ticket.summary}`);
  if (words.length === 0 || ticket.district === null) return [];
  const rows = await prisma.$queryRaw<Array<SimilarTicket & { shared: number }>>`
    SELECT t.id, t.title, t.category, t.district, t.status, t.heat, t."lastSeenAt",
      (SELECT count(*)::int FROM unnest(${words}::text[]) AS w WHERE strpos(t.title || ' ' || t.summary, w) > 0) AS shared
    FROM "Ticket" t
    WHERE t.id <> ${ticket.id} AND t.district = ${ticket.district}
      AND (${ticket.category}::text IS NULL OR t.category = ${ticket.category}::text)
    ORDER BY shared DESC, t."lastSeenAt" DESC
    LIMIT ${limit * 4}`;
  return rows
    .filter((r) => r.shared > 0)
    .slice(0, limit)
    .map((r) => ({ id: r.id, title: redactPersonal(r.title), category: r.category, district: r.district, status: r.status, heat: Number(r.heat), lastSeenAt: r.lastSeenAt }));
}
