import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { ensureDebianPackages } from './install.ts';
import { getFreePort } from './ports.ts';

const execFileAsync = promisify(execFile);
const REDIS_SERVER = '/usr/bin/redis-server';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
  /** Synchronous last resort for a process that exits without calling stop(); leaves the temp dir. */
  kill(): void;
  /** Stops the server (its data is not persisted: every queue is lost), waits `downMs`, starts it on the same port (fault injection). */
  restart(downMs?: number): Promise<void>;
}

/** Starts a throwaway, non-persistent redis-server on a free loopback port. */
export async function startRedis(): Promise<RunningRedis> {
  await ensureDebianPackages(['redis-server'], () => existsSync(REDIS_SERVER));
  const dir = await mkdtemp(join(tmpdir(), 'lianxin-redis-'));
  const pidFile = join(dir, 'redis.pid');
  const logFile = join(dir, 'redis.log');
  const port = await getFreePort();
  const url = `redis://127.0.0.1:${port}`;
  const launch = async () => {
    // prettier-ignore
    await execFileAsync(REDIS_SERVER, [
      '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes',
      '--save', '', '--appendonly', 'no', '--dir', dir, '--pidfile', pidFile, '--logfile', logFile,
    ]);
    await waitForPing(url);
  };
  try {
    await launch();
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`redis-server did not start on port ${port}; log:\n${log.slice(-2000)}`, { cause: error });
  }
  let pid = Number(await readFile(pidFile, 'utf8'));
  return {
    url,
    async stop() {
      await stopProcess(pid);
      await rm(dir, { recursive: true, force: true });
    },
    kill() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
    async restart(downMs = 0) {
      await stopProcess(pid);
      await sleep(downMs);
      await launch();
      pid = Number(await readFile(pidFile, 'utf8'));
    },
  };
}

async function waitForPing(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // failures surface through connect()/ping()
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await sleep(100);
    } finally {
      client.disconnect();
    }
  }
}

/** SIGTERM, then wait up to 10 s for the process to be gone (SIGKILL after that). */
async function stopProcess(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 50) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
