import { z } from 'zod';
import { strictDate } from './date-field.ts';

/** Channels a demand can arrive through (来源渠道). */
export const CHANNELS = ['hotline', 'mailbox', 'message-board', 'cppcc', 'online-opinion', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Trimmed text without NUL characters (PostgreSQL text cannot hold them). */
const text = (max: number, min = 0, minMessage?: string) =>
  z
    .string()
    .transform((v) => v.replace(/\u0000/g, '').trim())
    .pipe(z.string().min(min, minMessage).max(max));

/** Canonical shape of one demand (诉求) as any source sends it to Lianxin. */
export const demandInputSchema = z
  .object({
    /** Source system, e.g. "hotline-12345", "mailbox", "message-board", "cppcc", "import:file.jsonl". */
    source: z.string().trim().min(1).max(100),
    /** The record's id in its source system; (source, sourceRef) is unique. */
    sourceRef: z.string().trim().min(1).max(200),
    channel: z.enum(CHANNELS),
    title: text(500).optional(),
    content: text(50_000, 1, 'content must not be empty'),
    reporterName: text(100).optional(),
    reporterPhone: text(50).optional(),
    reporterIdNumber: text(50).optional(),
    /** A reporter's stable id in the source (user account). Hashed, never shown. */
    reporterRef: text(200).optional(),
    district: text(100).optional(),
    street: text(100).optional(),
    community: text(100).optional(),
    address: text(500).optional(),
    occurredAt: strictDate.refine((d) => d.getFullYear() >= 1990 && d.getTime() <= Date.now() + 24 * 3600_000, 'occurredAt is out of range'),
    /** The source's own category (e.g. the hotline's 诉求分类), kept beside ours. */
    sourceCategory: text(200).optional(),
    likes: z.number().int().min(0).optional(),
    dislikes: z.number().int().min(0).optional(),
  })
  .strict();

export type DemandInput = z.infer<typeof demandInputSchema>;
