import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { LoginLimiter } from '../../auth/login-limiter.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { createSession, revokeSession } from '../../auth/tokens.ts';
import { issueApiKey, revokeApiKey } from '../../auth/api-keys.ts';
import { bearerToken, requireRole } from '../auth-guard.ts';

const keyBody = z.strictObject({ name: z.string().trim().regex(/^[\w.-]{3,64}$/, 'name: 3–64 letters, digits or . _ -'), role: z.enum(['CONNECTOR', 'ADMIN']).default('CONNECTOR') });
const loginSchema = z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) });

/** A hash to compare against when the user does not exist, so timing does not tell. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const limiter = new LoginLimiter();
    app.post('/auth/login', async (request, reply) => {
      const { username, password } = loginSchema.parse(request.body);
      const keys = [`u:${username.toLowerCase()}`, `ip:${request.ip}`];
      const wait = limiter.retryAfter(keys);
      if (wait > 0) return reply.code(429).header('retry-after', String(wait)).send({ error: 'too_many_attempts', message: `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试` });
      const user = await ctx.prisma.user.findUnique({ where: { username }, include: { member: true } });
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || !user.active) {
        limiter.fail(keys);
        return reply.code(401).send({ error: 'invalid_credentials', message: '用户名或密码错误' });
      }
      limiter.succeed([keys[0]!]);
      const { token, expiresAt } = await createSession(ctx.prisma, user.id, ctx.config.SESSION_TTL_HOURS);
      return { token, expiresAt, user: { id: user.id, username: user.username, role: user.role.toLowerCase(), memberId: user.memberId, name: user.member?.name ?? user.username } };
    });
    const admin = requireRole(ctx, 'ADMIN');
    app.get('/auth/api-keys', { preHandler: admin }, async () => ({
      keys: (await ctx.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } })).map((k) => ({ id: k.id, name: k.name, role: k.role, createdAt: k.createdAt, revokedAt: k.revokedAt })),
    }));
    app.post('/auth/api-keys', { preHandler: admin }, async (request, reply) => {
      const { name, role } = keyBody.parse(request.body);
      if (await ctx.prisma.apiKey.findUnique({ where: { name } })) return reply.code(409).send({ error: 'conflict', message: `API 密钥 ${name} 已存在` });
      return reply.code(201).send(await issueApiKey(ctx.prisma, `admin:${request.principal!.name}`, name, role));
    });
    app.delete('/auth/api-keys/:id', { preHandler: admin }, async (request, reply) => {
      const { id } = z.object({ id: z.string().min(1).max(100) }).parse(request.params);
      if (!(await revokeApiKey(ctx.prisma, `admin:${request.principal!.name}`, id))) return reply.code(404).send({ error: 'not_found', message: '未找到该密钥' });
      return { ok: true };
    });
    app.post('/auth/logout', async (request) => {
      const token = bearerToken(request);
      if (token) await revokeSession(ctx.prisma, token);
      return { ok: true };
    });
  };
