import type { Draft } from '../generated/prisma/client.ts';
import type { DraftEvidence } from './draft-evidence.ts';

/** The draft as the API returns it (the contract the web pages use). */
export function draftView(d: Draft & { tickets: Array<{ ticketId: string }> }) {
  return {
    id: d.id,
    kind: d.kind as 'proposal' | 'social-report',
    status: d.status as 'DRAFT' | 'SUBMITTED',
    title: d.title,
    summary: d.summary,
    body: d.body,
    evidence: d.evidence as unknown as DraftEvidence,
    ticketIds: d.tickets.map((t) => t.ticketId),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    submittedAt: d.submittedAt,
  };
}
