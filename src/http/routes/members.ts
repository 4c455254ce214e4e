import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { readMemberBuffer, upsertMembers } from '../../members/member-import.ts';
import { deactivateMember, listMembers } from '../../members/member-registry.ts';
import { requireRole } from '../auth-guard.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });
const deactivateBody = z.strictObject({ reason: z.string().trim().max(500).optional() });
const rowsBody = z.strictObject({ rows: z.array(z.record(z.string(), z.unknown())).min(1).max(5000) });
const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

/** Member registry for admins: list, import (CSV / XLSX upload or JSON rows, upsert by username), deactivate. */
export const memberRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const admin = requireRole(ctx, 'ADMIN');
    app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: ctx.config.MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

    app.get('/members', { preHandler: admin }, async () => ({ members: await listMembers(ctx.prisma) }));

    /** Body: a CSV or XLSX file (Content-Type text/csv or the XLSX type), or JSON {rows:[{name, sector, …, username}]}. */
    app.post('/members/import', { preHandler: admin }, async (request) => {
      const rows = Buffer.isBuffer(request.body)
        ? await readMemberBuffer(request.body)
        : rowsBody.parse(request.body).rows.map((row, i) => ({ line: i + 1, row }));
      return upsertMembers(ctx.prisma, rows, `admin:${request.principal!.name}`);
    });

    app.post('/members/:id/deactivate', { preHandler: admin }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const { reason } = deactivateBody.parse(request.body ?? {});
      if (!(await deactivateMember(ctx.prisma, id, `admin:${request.principal!.name}`, reason))) return reply.code(404).send({ error: 'not_found', message: '未找到该委员' });
      return { ok: true };
    });
  };
