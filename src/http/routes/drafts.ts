import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { DraftError, draftUpdateSchema, getDraft, listDrafts, submitDraft, updateDraft } from '../../drafts/draft-store.ts';
import { draftLineage } from '../../drafts/lineage.ts';
import { requireRole } from '../auth-guard.ts';
import { memberOf } from './inbox.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });

function draftError(reply: FastifyReply, error: unknown) {
  if (error instanceof DraftError) return reply.code(error.status).send({ error: error.status === 404 ? 'not_found' : 'conflict', message: error.message });
  throw error;
}

/** 提案 / 社情民意信息 drafts: a member's own only (another member's id answers 404). */
export const draftRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const member = requireRole(ctx, 'MEMBER');

    app.get('/drafts', { preHandler: member }, async (request) => ({ drafts: await listDrafts(ctx, memberOf(request)) }));

    app.get('/drafts/:id', { preHandler: member }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      try {
        return { draft: await getDraft(ctx, memberOf(request), id) };
      } catch (error) {
        return draftError(reply, error);
      }
    });

    app.put('/drafts/:id', { preHandler: member }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const input = draftUpdateSchema.parse(request.body ?? {});
      try {
        return { draft: await updateDraft(ctx, memberOf(request), id, input) };
      } catch (error) {
        return draftError(reply, error);
      }
    });

    app.post('/drafts/:id/submit', { preHandler: member }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      try {
        return { draft: await submitDraft(ctx, memberOf(request), id) };
      } catch (error) {
        return draftError(reply, error);
      }
    });

    /** The tickets and demands behind a draft: its member, analysts and admins (no personal data). */
    app.get('/drafts/:id/lineage', { preHandler: requireRole(ctx, 'MEMBER', 'ANALYST', 'ADMIN') }, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const own = request.principal!.role === 'MEMBER' ? memberOf(request) : null;
      const lineage = await draftLineage(ctx.prisma, id, own);
      if (!lineage) return reply.code(404).send({ error: 'not_found', message: '未找到该草稿' });
      return lineage;
    });
  };
