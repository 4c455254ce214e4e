import { z } from 'zod';
import type { DemandInput } from '../../src/ingest/demand-input.ts';

export const HOTLINE_SOURCE = 'hotline-12345';
export const WORK_ORDER_FORMAT = 'hotline-12345-v1';

/**
 * A work order as the 12345 platform sends it (Kafka topic, HTTP push, exports).
 * Field names follow the platform's export columns; times are China local time.
 */
export const workOrderSchema = z.object({
  workOrderNo: z.union([z.string().trim().min(1).max(64), z.number().int().nonnegative()]).transform(String),
  acceptTime: z.string().trim().min(1, 'acceptTime is required'),
  title: z.string().trim().max(500).nullish(),
  content: z.string(),
  callerName: z.string().trim().max(100).nullish(),
  callerPhone: z.string().trim().max(50).nullish(),
  callerIdNumber: z.string().trim().max(50).nullish(),
  district: z.string().trim().max(100).nullish(),
  street: z.string().trim().max(100).nullish(),
  community: z.string().trim().max(100).nullish(),
  address: z.string().trim().max(500).nullish(),
  /** The hotline's own 诉求分类, kept beside ours. */
  category: z.string().trim().max(200).nullish(),
  /** How the citizen reached the hotline: 电话, 网络, 微信, APP… */
  intake: z.string().trim().max(50).nullish(),
});

export type WorkOrder = z.infer<typeof workOrderSchema>;

const orUndefined = <T>(v: T | null | undefined) => v ?? undefined;

/** Work order → canonical demand input (validated afterwards by demandInputSchema). */
export function workOrderToDemand(order: WorkOrder): Record<keyof DemandInput, unknown> {
  return {
    source: HOTLINE_SOURCE,
    sourceRef: order.workOrderNo,
    channel: 'hotline',
    title: orUndefined(order.title),
    content: order.content,
    reporterName: orUndefined(order.callerName),
    reporterPhone: orUndefined(order.callerPhone),
    reporterIdNumber: orUndefined(order.callerIdNumber),
    reporterRef: undefined,
    district: orUndefined(order.district),
    street: orUndefined(order.street),
    community: orUndefined(order.community),
    address: orUndefined(order.address),
    occurredAt: order.acceptTime,
    sourceCategory: orUndefined(order.category),
    likes: undefined,
    dislikes: undefined,
  };
}

/** The work order number of a payload, if it has one (for RawRecord.sourceRef before parsing). */
export function workOrderRef(json: unknown): string | undefined {
  const no = (json as { workOrderNo?: unknown } | null)?.workOrderNo;
  return typeof no === 'string' || typeof no === 'number' ? String(no).slice(0, 200) : undefined;
}
