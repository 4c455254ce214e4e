import { z } from 'zod';
import { STATUS_FORMAT } from '../../connectors/hotline-12345/status-update.ts';
import { LETTER_FORMAT, parseLetter } from '../../connectors/mailbox/letter.ts';
import { REPLY_FORMAT as MAILBOX_REPLY_FORMAT } from '../../connectors/mailbox/reply-status.ts';
import { POST_FORMAT, parsePost } from '../../connectors/message-board/post.ts';
import { BOARD_REPLY_FORMAT } from '../../connectors/message-board/reply-status.ts';
import { OPINION_FORMAT, parseOpinion } from '../../connectors/cppcc/opinion.ts';
import { OPEN311_FORMAT, open311RequestSchema, open311RequestToDemand } from '../../connectors/hotline-12345/open311-request.ts';
import { WORK_ORDER_FORMAT, workOrderSchema, workOrderToDemand } from '../../connectors/hotline-12345/work-order.ts';
import { strictDate } from './date-field.ts';
import { CHANNELS, demandInputSchema, type Channel, type DemandInput } from './demand-input.ts';

/** How a stored RawRecord payload is read; every format maps to the canonical DemandInput. */
export const RECORD_FORMATS = ['demand-v1', 'message-v1', WORK_ORDER_FORMAT, STATUS_FORMAT, LETTER_FORMAT, MAILBOX_REPLY_FORMAT, POST_FORMAT, BOARD_REPLY_FORMAT, OPINION_FORMAT, OPEN311_FORMAT] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/**
 * A line of a message export such as ../shared/data/messages-*.jsonl:
 * {id, user, title, content, time: "YYYY-MM-DD HH:MM:SS" (local time, UTC+8)}; extra fields ignored.
 */
export const messageLineSchema = z.object({
  id: z.union([z.string().trim().min(1), z.number().int()]).transform(String),
  user: z.string().trim().nullish(),
  title: z.string().trim().nullish(),
  content: z.string(),
  time: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/, 'time must look like YYYY-MM-DD HH:MM:SS')
    .nullish(),
  likes: z.coerce.number().int().min(0).optional(),
  dislikes: z.coerce.number().int().min(0).optional(),
});

/** "2020-01-06 12:09:38" in China time → Date; impossible dates (2020-02-30) → undefined. */
export function parseLocalTime(value: string): Date | undefined {
  return strictDate.safeParse(value).data;
}

export interface RawMeta {
  source: string;
  channel: string | null;
  receivedAt: Date;
}

function messageToDemand(line: z.infer<typeof messageLineSchema>, meta: RawMeta): unknown {
  const channel: Channel = (CHANNELS as readonly string[]).includes(meta.channel ?? '') ? (meta.channel as Channel) : 'import';
  return {
    source: meta.source,
    sourceRef: line.id,
    channel,
    title: line.title ?? undefined,
    content: line.content,
    reporterRef: line.user ?? undefined,
    // a row without a time is dated by its arrival; a malformed or impossible time is an error
    occurredAt: line.time ? (parseLocalTime(line.time) ?? 'invalid') : meta.receivedAt,
    likes: line.likes,
    dislikes: line.dislikes,
  };
}

/** Reads a stored payload of the given format; throws a ZodError or SyntaxError with the reason. */
export function toDemandInput(format: string, payload: string, meta: RawMeta): DemandInput {
  const json: unknown = JSON.parse(payload);
  switch (format) {
    case 'demand-v1':
      return demandInputSchema.parse(json);
    case 'message-v1':
      return demandInputSchema.parse(messageToDemand(messageLineSchema.parse(json), meta));
    case WORK_ORDER_FORMAT:
      return demandInputSchema.parse(workOrderToDemand(workOrderSchema.parse(json)));
    case LETTER_FORMAT:
      return parseLetter(json);
    case POST_FORMAT:
      return parsePost(json);
    case OPINION_FORMAT:
      return parseOpinion(json);
    case OPEN311_FORMAT:
      return demandInputSchema.parse(open311RequestToDemand(open311RequestSchema.parse(json)));
    default:
      throw new Error(`unknown record format "${format}"`);
  }
}

/** One line per problem: "content: must not be empty; occurredAt: …". */
export function describeError(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
  }
  if (error instanceof SyntaxError) return `invalid JSON: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
