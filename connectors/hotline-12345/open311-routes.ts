import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../src/app/context.ts';
import { authenticate } from '../../src/auth/tokens.ts';
import { demandInputSchema } from '../../src/ingest/demand-input.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { describeError } from '../../src/ingest/record-formats.ts';
import { parseForm, requestParams } from './open311-form.ts';
import { requestsById, requestsQuerySchema, searchRequests } from './open311-query.ts';
import { OPEN311_FORMAT, OPEN311_SOURCE, open311RequestSchema, open311RequestToDemand } from './open311-request.ts';
import { OPEN311_SERVICES } from './open311-services.ts';

const fail = (reply: FastifyReply, code: number, description: string) => reply.code(code).send([{ code, description }]);

/**
 * Open311 GeoReport v2 (mounted at /open311/v2), so civic tools can report and follow
 * demands. Reports need a connector or admin api_key and are stored as RawRecords first;
 * what is read back is masked content only, never who reported it.
 */
export const open311Routes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    // encapsulated: only this plugin accepts forms
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseForm(body as string)));

    // errors (bad JSON, too large…) in the Open311 shape too
    app.setErrorHandler((error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) request.log.error({ err: (error as Error).message }, 'open311 request failed');
      return fail(reply, status, status >= 500 ? 'internal error' : (error as Error).message);
    });

    app.get('/services.json', async () => OPEN311_SERVICES);

    app.post('/requests.json', async (request, reply) => {
      const params = requestParams(request.body);
      if (!params) return fail(reply, 400, 'expected form fields or a JSON object');
      const { api_key: apiKey, ...fields } = params;
      if (typeof apiKey !== 'string' || apiKey.trim() === '') return fail(reply, 400, 'api_key is required');
      const principal = await authenticate(ctx.prisma, apiKey.trim());
      if (!principal || !['CONNECTOR', 'ADMIN'].includes(principal.role)) return fail(reply, 403, 'api_key is not valid for posting service requests');

      const payload = { ...fields, request_ref: uuidv7(), requested_datetime: new Date().toISOString() };
      const parsed = open311RequestSchema.safeParse(payload);
      const result = parsed.success ? demandInputSchema.safeParse(open311RequestToDemand(parsed.data)) : parsed;
      const [stored] = await receiveRecords(ctx, [
        {
          source: OPEN311_SOURCE,
          sourceRef: payload.request_ref,
          format: OPEN311_FORMAT,
          channel: 'online-opinion',
          payload: JSON.stringify(payload),
          error: result.success ? undefined : describeError(result.error),
        },
      ]);
      if (!result.success) return fail(reply, 400, describeError(result.error));
      return [{ service_request_id: stored!.id, service_notice: '诉求已收到，将转交相关部门和政协委员关注', account_id: parsed.data?.account_id ?? null }];
    });

    app.get('/requests.json', async (request, reply) => {
      const query = requestsQuerySchema.safeParse(request.query);
      if (!query.success) return fail(reply, 400, describeError(query.error));
      return searchRequests(ctx, query.data);
    });

    app.get<{ Params: { file: string } }>('/requests/:file', async (request, reply) => {
      const id = request.params.file.endsWith('.json') ? request.params.file.slice(0, -'.json'.length) : '';
      const [found] = id && id.length <= 100 ? await requestsById(ctx, [id]) : [];
      if (!found) return fail(reply, 404, `no service request ${id || request.params.file}`);
      return [found];
    });
  };
