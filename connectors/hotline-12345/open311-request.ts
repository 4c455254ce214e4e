import { z } from 'zod';
import type { DemandInput } from '../../src/ingest/demand-input.ts';
import { serviceByCode } from './open311-services.ts';

export const OPEN311_SOURCE = 'open311';
export const OPEN311_FORMAT = 'open311-request-v1';

/** A form field or JSON value: trimmed text, '' meaning absent. */
const text = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().max(max))
    .transform((v) => v || undefined)
    .optional();

const coordinate = (limit: number) =>
  z
    .union([z.number(), z.string().trim().regex(/^-?\d{1,3}(\.\d+)?$/, 'expected a decimal degree')])
    .transform(Number)
    .pipe(z.number().min(-limit).max(limit))
    .optional();

/**
 * Format "open311-request-v1": the parameters of a GeoReport v2 POST /requests (form or JSON,
 * api_key removed) plus request_ref and requested_datetime assigned at receipt.
 */
export const open311RequestSchema = z
  .object({
    request_ref: z.string().min(1).max(200),
    requested_datetime: z.string().min(1),
    service_code: z.string().trim().refine((code) => serviceByCode(code) !== undefined, 'unknown service_code; see GET /services.json'),
    description: z.string().trim().min(1, 'description is required').max(4000, 'description must be at most 4000 characters'),
    lat: coordinate(90),
    long: coordinate(180),
    address_string: text(500),
    address_id: text(100),
    email: text(200),
    device_id: text(200),
    account_id: text(200),
    first_name: text(50),
    last_name: text(50),
    phone: text(50),
    media_url: text(2000),
    attribute: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  })
  .refine((r) => (r.lat !== undefined && r.long !== undefined) || r.address_string !== undefined || r.address_id !== undefined, {
    message: 'a location is required: lat and long, address_string or address_id',
    path: ['lat'],
  });

export type Open311Request = z.infer<typeof open311RequestSchema>;

/** Open311 request → canonical demand input (validated afterwards by demandInputSchema). */
export function open311RequestToDemand(request: Open311Request): Record<keyof DemandInput, unknown> {
  const name = [request.last_name, request.first_name].filter(Boolean).join('');
  const location = request.lat !== undefined && request.long !== undefined ? `${request.lat},${request.long}` : request.address_id;
  return {
    source: OPEN311_SOURCE,
    sourceRef: request.request_ref,
    channel: 'online-opinion',
    title: undefined,
    content: request.description,
    reporterName: name || undefined,
    reporterPhone: request.phone,
    reporterIdNumber: undefined,
    reporterRef: request.email?.toLowerCase() ?? request.account_id ?? request.device_id,
    district: undefined,
    street: undefined,
    community: undefined,
    address: request.address_string ?? location,
    occurredAt: request.requested_datetime,
    sourceCategory: serviceByCode(request.service_code)?.service_name,
    likes: undefined,
    dislikes: undefined,
  };
}
