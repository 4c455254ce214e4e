import { maskText } from '../../src/privacy/mask.ts';
import { STATUS_RANK } from '../../src/status/status-update.ts';
import type { Open311Request } from './open311-request.ts';
import { serviceByCode, serviceByName } from './open311-services.ts';

/** Hotline statuses from 已办结 on (已办结, 回访满意, 回访不满意) are Open311 "closed". */
export const CLOSED_STATUSES = Object.keys(STATUS_RANK).filter((s) => STATUS_RANK[s]! >= STATUS_RANK['已办结']!);

export const isClosed = (status: string | null | undefined) => CLOSED_STATUSES.includes(status ?? '');

/** The columns a service request is shown from: masked content only, never the reporter. */
export const demandViewSelect = {
  rawRecordId: true,
  channel: true,
  content: true,
  address: true,
  category: true,
  sourceCategory: true,
  occurredAt: true,
  receivedAt: true,
  ticket: {
    select: {
      status: true,
      statusAt: true,
      updatedAt: true,
      statusEvents: { orderBy: { occurredAt: 'desc' as const }, take: 1, select: { status: true, note: true } },
    },
  },
};

export interface DemandRow {
  rawRecordId: string;
  channel: string;
  content: string;
  address: string | null;
  category: string | null;
  sourceCategory: string | null;
  occurredAt: Date;
  receivedAt: Date;
  ticket: { status: string; statusAt: Date | null; updatedAt: Date; statusEvents: Array<{ status: string; note: string | null }> } | null;
}

export interface ServiceRequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  media_url: null;
}

const HOTLINE_AGENCY = '12345政务服务便民热线';

const view = (fields: Omit<ServiceRequestView, 'expected_datetime' | 'address_id' | 'zipcode' | 'lat' | 'long' | 'media_url'>): ServiceRequestView => ({
  ...fields,
  expected_datetime: null,
  address_id: null,
  zipcode: null,
  lat: null,
  long: null,
  media_url: null,
});

/** A stored demand (content and address already masked) as an Open311 service request. */
export function demandToServiceRequest(demand: DemandRow): ServiceRequestView {
  const service = serviceByName(demand.category) ?? serviceByName(demand.sourceCategory);
  const event = demand.ticket?.statusEvents[0];
  return view({
    service_request_id: demand.rawRecordId,
    status: isClosed(demand.ticket?.status) ? 'closed' : 'open',
    status_notes: event ? `${event.status}${event.note ? `：${maskText(event.note)}` : ''}` : null,
    service_name: service?.service_name ?? null,
    service_code: service?.service_code ?? null,
    description: demand.content,
    agency_responsible: event || demand.channel === 'hotline' ? HOTLINE_AGENCY : null,
    service_notice: null,
    requested_datetime: demand.occurredAt.toISOString(),
    updated_datetime: (demand.ticket?.statusAt ?? demand.ticket?.updatedAt ?? demand.receivedAt).toISOString(),
    address: demand.address,
  });
}

/** An Open311 request stored but not yet normalised: shown open, from its masked payload. */
export function pendingToServiceRequest(rawRecordId: string, request: Open311Request, receivedAt: Date): ServiceRequestView {
  const service = serviceByCode(request.service_code);
  return view({
    service_request_id: rawRecordId,
    status: 'open',
    status_notes: '已接收，正在处理',
    service_name: service?.service_name ?? null,
    service_code: service?.service_code ?? null,
    description: maskText(request.description),
    agency_responsible: null,
    service_notice: null,
    requested_datetime: request.requested_datetime,
    updated_datetime: receivedAt.toISOString(),
    address: request.address_string ? maskText(request.address_string) : null,
  });
}
