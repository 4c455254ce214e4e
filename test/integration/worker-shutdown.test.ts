import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../services/redis.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/lianxin.js', import.meta.url));

/**
 * `lianxin worker` stops on SIGTERM: at once when it can close cleanly, and by SHUTDOWN_TIMEOUT_MS
 * when it cannot — a worker whose Redis is gone for good used to wait for it forever (found as a
 * worker left running 25 minutes after its bench was stopped).
 */
describe('a worker process exits on SIGTERM', () => {
  let t: TestApp;
  let redis: RunningRedis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    redis = await startRedis(); // this test's own, to take away
  }, 60_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await redis?.stop().catch(() => undefined);
    await t?.close();
  });

  /** Starts a worker and resolves once it logs that its queue workers run. */
  const startWorker = async (): Promise<ChildProcess> => {
    const c = t.ctx.config;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: c.DATABASE_URL, REDIS_URL: redis.url, QUEUE_PREFIX: c.QUEUE_PREFIX, DATA_DIR: c.DATA_DIR, PII_SALT: c.PII_SALT, SHUTDOWN_TIMEOUT_MS: '3000' };
    delete env.KAFKA_BROKERS; // no connectors: only the queue workers
    const child = spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start: ${output.slice(-2000)}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('worker started')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
    });
    return child;
  };

  const exitAfterSigterm = async (child: ChildProcess): Promise<{ code: number | null; ms: number }> => {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 20_000))]);
    expect(code, 'still running 20 s after SIGTERM').not.toBe('running');
    return { code: code as number | null, ms: Date.now() - started };
  };

  it('closes cleanly and exits 0 while Redis and PostgreSQL are up', async () => {
    const { code } = await exitAfterSigterm(await startWorker());
    expect(code).toBe(0);
  }, 90_000);

  it('exits by the shutdown deadline when Redis is gone for good', async () => {
    const child = await startWorker();
    await redis.stop();
    const { code, ms } = await exitAfterSigterm(child);
    expect(code).not.toBeNull();
    expect(ms).toBeLessThan(3000 + 5000);
  }, 90_000);
});
