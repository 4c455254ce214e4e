import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { currentRuleSet, replaceRuleSet, RuleSetConflict } from '../../routing/rule-store.ts';
import { requireRole } from '../auth-guard.ts';

const replaceBody = z.strictObject({
  rules: z.unknown(),
  note: z.string().trim().max(500).optional(),
  /** The version the edit started from: refused with 409 when another replacement came first. */
  baseVersion: z.number().int().min(0).optional(),
});

/** Routing rules (路由规则): analysts and admins read them, admins replace them (a new version). */
export const routingRuleRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get('/routing-rules', { preHandler: requireRole(ctx, 'ADMIN', 'ANALYST') }, async () => {
      const current = await currentRuleSet(ctx.prisma, ctx.config.INBOX_PUSH_OTHERS);
      const history = await ctx.prisma.routingRuleSet.findMany({ select: { version: true, note: true, createdBy: true, createdAt: true }, orderBy: { version: 'desc' }, take: 50 });
      return { current, history };
    });

    app.put('/routing-rules', { preHandler: requireRole(ctx, 'ADMIN') }, async (request, reply) => {
      const { rules, note, baseVersion } = replaceBody.parse(request.body);
      try {
        return { current: await replaceRuleSet(ctx.prisma, `admin:${request.principal!.name}`, rules, note, ctx.config.INBOX_PUSH_OTHERS, baseVersion) };
      } catch (error) {
        if (error instanceof RuleSetConflict) return reply.code(409).send({ error: 'conflict', message: error.message, currentVersion: error.currentVersion });
        throw error;
      }
    });
  };
