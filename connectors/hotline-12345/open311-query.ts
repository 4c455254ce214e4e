import { z } from 'zod';
import type { AppContext } from '../../src/app/context.ts';
import { strictDate } from '../../src/ingest/date-field.ts';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { OPEN311_FORMAT, open311RequestSchema } from './open311-request.ts';
import { OPEN311_SERVICES } from './open311-services.ts';
import { CLOSED_STATUSES, demandToServiceRequest, demandViewSelect, pendingToServiceRequest, type ServiceRequestView } from './open311-view.ts';

export const MAX_REQUESTS = 1000;
const DEFAULT_DAYS = 90;

const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(MAX_REQUESTS, `at most ${MAX_REQUESTS} values`))
    .optional();

/** GET /requests.json parameters (GeoReport v2); service_request_id overrides the others. */
export const requestsQuerySchema = z.object({
  service_request_id: list(z.string().max(100)),
  service_code: list(z.string().refine((c) => OPEN311_SERVICES.some((s) => s.service_code === c), 'unknown service_code')),
  start_date: strictDate.optional(),
  end_date: strictDate.optional(),
  status: list(z.enum(['open', 'closed'], { error: 'status must be open or closed' })),
});

export type RequestsQuery = z.infer<typeof requestsQuerySchema>;

/** Service requests by their ids (RawRecord ids), in the order asked; unknown ids are left out. */
export async function requestsById(ctx: AppContext, ids: string[]): Promise<ServiceRequestView[]> {
  const raws = await ctx.prisma.rawRecord.findMany({
    where: { id: { in: ids } },
    select: { id: true, format: true, state: true, demandId: true, payload: true, receivedAt: true },
  });
  const demandIds = raws.flatMap((r) => (r.demandId ? [r.demandId] : []));
  const demands = await ctx.prisma.demand.findMany({ where: { id: { in: demandIds } }, select: { id: true, ...demandViewSelect } });
  const byDemand = new Map(demands.map((d) => [d.id, d]));
  const byId = new Map<string, ServiceRequestView>();
  for (const raw of raws) {
    const demand = raw.demandId ? byDemand.get(raw.demandId) : undefined;
    if (demand) byId.set(raw.id, { ...demandToServiceRequest(demand), service_request_id: raw.id });
    else if (raw.format === OPEN311_FORMAT && raw.state === 'RECEIVED') {
      const request = open311RequestSchema.safeParse(safeJson(raw.payload));
      if (request.success) byId.set(raw.id, pendingToServiceRequest(raw.id, request.data, raw.receivedAt));
    }
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Newest first, at most 1000; without dates, the last 90 days. */
export async function searchRequests(ctx: AppContext, query: RequestsQuery): Promise<ServiceRequestView[]> {
  if (query.service_request_id) return requestsById(ctx, query.service_request_id);
  const where: Prisma.DemandWhereInput = {
    occurredAt: {
      gte: query.start_date ?? (query.end_date ? undefined : new Date(Date.now() - DEFAULT_DAYS * 86_400_000)),
      lte: query.end_date,
    },
  };
  if (query.service_code) {
    where.category = { in: OPEN311_SERVICES.filter((s) => query.service_code!.includes(s.service_code)).map((s) => s.service_name) };
  }
  const statuses = new Set(query.status ?? []);
  if (statuses.size === 1) {
    where.OR = statuses.has('closed')
      ? [{ ticket: { is: { status: { in: CLOSED_STATUSES } } } }]
      : [{ ticketId: null }, { ticket: { is: { status: { notIn: CLOSED_STATUSES } } } }];
  }
  const demands = await ctx.prisma.demand.findMany({ where, orderBy: { occurredAt: 'desc' }, take: MAX_REQUESTS, select: demandViewSelect });
  return demands.map(demandToServiceRequest);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
