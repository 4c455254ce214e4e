import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { CorrectionError, correctCategory, correctionSchema } from '../../classify/category-correction.ts';
import { requireRole } from '../auth-guard.ts';

/** POST /api/v1/demands/:id/category — a member (own inbox), analyst or admin corrects a category. */
export const correctionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.post('/demands/:id/category', { preHandler: requireRole(ctx, 'MEMBER', 'ANALYST', 'ADMIN') }, async (request, reply) => {
      const { id } = z.object({ id: z.string().min(1).max(100) }).parse(request.params);
      const input = correctionSchema.parse(request.body);
      try {
        return await correctCategory(ctx, id, request.principal!, input);
      } catch (error) {
        if (error instanceof CorrectionError) return reply.code(404).send({ error: 'not_found', message: error.message });
        throw error;
      }
    });
  };
