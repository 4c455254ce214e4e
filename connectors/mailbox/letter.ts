import { z } from 'zod';
import { demandInputSchema, type DemandInput } from '../../src/ingest/demand-input.ts';

export const MAILBOX_SOURCE = 'mailbox';
export const LETTER_FORMAT = 'mailbox-letter-v1';

const id = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String);
const time = z.string().trim().min(1, 'expected a date-time');

/**
 * One letter of the leader mailbox (领导信箱) API:
 * GET {base}/api/letters?updatedAfter=&afterId=&limit= → { letters: Letter[] }, ordered by (updatedAt, letterId).
 * Times are ISO 8601; without a zone they are China time.
 */
export const letterSchema = z.object({
  letterId: id,
  subject: z.string().trim().max(500).nullish(),
  body: z.string(),
  writerName: z.string().trim().max(100).nullish(),
  writerPhone: z.string().trim().max(50).nullish(),
  district: z.string().trim().max(100).nullish(),
  submittedAt: time,
  updatedAt: time,
  /** The answer of the department that handled the letter (回复). */
  reply: z
    .object({ content: z.string().trim().max(20_000), repliedAt: time, org: z.string().trim().min(1).max(200) })
    .nullish(),
});

export type Letter = z.infer<typeof letterSchema>;

const orUndefined = <T>(v: T | null | undefined) => v ?? undefined;

/** Letter → canonical demand input (validated afterwards by demandInputSchema). */
export function letterToDemand(letter: Letter): Record<keyof DemandInput, unknown> {
  return {
    source: MAILBOX_SOURCE,
    sourceRef: letter.letterId,
    channel: 'mailbox',
    title: orUndefined(letter.subject),
    content: letter.body,
    reporterName: orUndefined(letter.writerName),
    reporterPhone: orUndefined(letter.writerPhone),
    reporterIdNumber: undefined,
    reporterRef: undefined,
    district: orUndefined(letter.district),
    street: undefined,
    community: undefined,
    address: undefined,
    occurredAt: letter.submittedAt,
    sourceCategory: undefined,
    likes: undefined,
    dislikes: undefined,
  };
}

/** A stored letter payload (parsed JSON) → DemandInput; throws a ZodError with the reasons. */
export function parseLetter(json: unknown): DemandInput {
  return demandInputSchema.parse(letterToDemand(letterSchema.parse(json)));
}
