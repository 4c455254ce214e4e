import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { AppContext } from '../app/context.ts';
import { authenticate } from '../auth/tokens.ts';
import { STAGES } from '../queue/job-queue.ts';
import { bearerToken } from './auth-guard.ts';

export const BULL_BOARD_PATH = '/admin/queues';
/** Cookie the ops page sets (path-limited to the board) so the board's page loads are authenticated. */
const COOKIE = 'lianxin_board';

function boardToken(request: FastifyRequest): string | undefined {
  const bearer = bearerToken(request);
  if (bearer) return bearer;
  const cookie = request.headers.cookie ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`));
  return match ? decodeURIComponent(match.slice(COOKIE.length + 1)) : undefined;
}

/**
 * bull-board (queues, job counts, failed jobs with retry) under /admin/queues, Redis mode only,
 * for ADMIN sessions (bearer header or the path-limited cookie set by the 运维 page).
 * It opens its own Redis connection and Queue handles on the same prefix.
 */
export async function mountBullBoard(app: FastifyInstance<any, any, any, any>, ctx: AppContext): Promise<boolean> {
  if (ctx.queue.kind !== 'bullmq' || !ctx.config.REDIS_URL) return false;
  const connection = new Redis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on('error', (error) => ctx.logger.warn({ err: error.message }, 'bull-board redis error'));
  const queues = STAGES.map((stage) => new Queue(stage, { connection, prefix: ctx.config.QUEUE_PREFIX }));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: '连心桥 队列' } } });
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const token = boardToken(request);
      const principal = token ? await authenticate(ctx.prisma, token) : null;
      if (!principal) return reply.code(401).send({ error: 'unauthorized', message: '请先以管理员身份登录' });
      if (principal.role !== 'ADMIN') return reply.code(403).send({ error: 'forbidden', message: '无权访问' });
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  });
  return true;
}
