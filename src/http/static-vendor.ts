import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync } from 'fastify';

const require = createRequire(import.meta.url);

/** Browser libraries served from node_modules (the machine is offline: no CDN). */
const VENDOR: Record<string, string> = {
  'echarts.min.js': require.resolve('echarts/dist/echarts.min.js'),
};

export const vendorRoutes: FastifyPluginAsync = async (app) => {
  app.get('/vendor/:file', async (request, reply) => {
    const path = VENDOR[(request.params as { file: string }).file];
    if (!path) return reply.code(404).send({ error: 'not_found', message: 'no such file' });
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(createReadStream(path));
  });
};
