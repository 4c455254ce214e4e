import { z } from 'zod';
import { demandInputSchema, type DemandInput } from '../../src/ingest/demand-input.ts';

export const CPPCC_SOURCE = 'cppcc';
export const OPINION_FORMAT = 'cppcc-opinion-v1';

const id = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String);
const time = z.string().trim().min(1, 'expected a date-time');

/** Where an opinion comes from on the smart-CPPCC platform (智慧政协). */
export const OPINION_KINDS = ['百姓提案', '委员收集', '委员工作室'] as const;

/**
 * One opinion of the smart-CPPCC platform's API:
 * GET {base}/api/opinions?updatedAfter=&afterId=&limit= → { opinions: Opinion[] }, ordered by (updatedAt, opinionId).
 * 百姓提案 are written by citizens; the others were gathered by a member or a member studio (委员工作室).
 */
export const opinionSchema = z.object({
  opinionId: id,
  kind: z.enum(OPINION_KINDS),
  title: z.string().trim().max(500).nullish(),
  content: z.string(),
  citizen: z.object({ name: z.string().trim().max(100).nullish(), phone: z.string().trim().max(50).nullish() }).nullish(),
  /** The member (委员) or studio that gathered it. */
  gatheredBy: z.object({ memberName: z.string().trim().max(100).nullish(), studio: z.string().trim().max(200).nullish() }).nullish(),
  district: z.string().trim().max(100).nullish(),
  street: z.string().trim().max(100).nullish(),
  topic: z.string().trim().max(200).nullish(),
  submittedAt: time,
  updatedAt: time,
});

export type Opinion = z.infer<typeof opinionSchema>;

const orUndefined = <T>(v: T | null | undefined) => v ?? undefined;

/** Opinion → canonical demand input; the platform's kind and topic are kept as its category. */
export function opinionToDemand(opinion: Opinion): Record<keyof DemandInput, unknown> {
  return {
    source: CPPCC_SOURCE,
    sourceRef: opinion.opinionId,
    channel: 'cppcc',
    title: orUndefined(opinion.title),
    content: opinion.content,
    reporterName: orUndefined(opinion.citizen?.name),
    reporterPhone: orUndefined(opinion.citizen?.phone),
    reporterIdNumber: undefined,
    reporterRef: undefined,
    district: orUndefined(opinion.district),
    street: orUndefined(opinion.street),
    community: undefined,
    address: undefined,
    occurredAt: opinion.submittedAt,
    sourceCategory: opinion.topic ? `${opinion.kind}/${opinion.topic}` : opinion.kind,
    likes: undefined,
    dislikes: undefined,
  };
}

/** A stored opinion payload (parsed JSON) → DemandInput; throws a ZodError with the reasons. */
export function parseOpinion(json: unknown): DemandInput {
  return demandInputSchema.parse(opinionToDemand(opinionSchema.parse(json)));
}
