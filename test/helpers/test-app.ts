import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import type { AppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../services/postgres.ts';

export const MODES = ['embedded', 'redis-postgres'] as const;
export type Mode = (typeof MODES)[number];

export interface TestApp {
  app: App;
  ctx: AppContext;
  /** Base URL of the real HTTP server. */
  url: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share an existing database / data dir / queue prefix (a second process of one deployment). */
  shareWith?: TestApp;
  workers?: boolean;
  http?: boolean;
}

/**
 * A whole Lianxin process for a test: embedded (PGlite in a temp dir, in-process queues)
 * or Redis + PostgreSQL (a fresh database per app, a unique BullMQ prefix).
 */
export async function startTestApp(mode: Mode, options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.shareWith?.ctx.config;
  const dataDir = shared?.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'lianxin-test-')));
  const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, LIANXIN_DEMO: 'off', PII_SALT: 'test-salt-0123456789abcdef', INBOX_PUSH_OTHERS: 'immediate', ...options.env };
  let dropDatabase: (() => Promise<void>) | undefined;
  if (mode === 'redis-postgres') {
    if (shared?.DATABASE_URL) env.DATABASE_URL = shared.DATABASE_URL;
    else {
      const db = await createTestDatabase(inject('databaseUrl'), 'lianxin');
      env.DATABASE_URL = db.url;
      dropDatabase = db.drop;
    }
    env.REDIS_URL = inject('redisUrl');
    env.QUEUE_PREFIX = shared?.QUEUE_PREFIX ?? `t${randomBytes(4).toString('hex')}`;
  }
  const app = await createApp(loadConfig(env), createLogger('silent'));
  if (options.workers !== false) await app.startWorkers();
  const server = options.http === false ? undefined : await buildServer(app.ctx);
  const url = server ? await server.listen({ host: '127.0.0.1', port: 0 }) : '';
  return {
    app,
    ctx: app.ctx,
    url,
    async close() {
      await server?.close();
      await app.close();
      await dropDatabase?.();
      if (!shared) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until fn returns a truthy value; fails with the last value after the timeout. */
export async function waitFor<T>(fn: () => Promise<T>, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

export async function api(base: string, path: string, init: { method?: string; token?: string; body?: unknown; raw?: Buffer | string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers,
    body: typeof init.raw === 'string' ? init.raw : init.raw ? new Uint8Array(init.raw) : init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const { status, json } = await api(base, '/api/v1/auth/login', { body: { username, password } });
  if (status !== 200) throw new Error(`login ${username} failed: ${status} ${JSON.stringify(json)}`);
  return json.token as string;
}
