import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ensureDebianPackages } from './install.ts';
import { getFreePort } from './ports.ts';

const execFileAsync = promisify(execFile);
const POSTGRES_LIB = '/usr/lib/postgresql';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
  /** Synchronous last resort for a process that exits without calling stop(); leaves the temp dir. */
  kill(): void;
  /** Immediate shutdown (like a crash: every connection drops), `downMs` down, then started again with its data (fault injection). */
  restart(downMs?: number): Promise<void>;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Starts a throwaway PostgreSQL cluster (trust auth, fsync off) in a temp dir on a free loopback port. */
export async function startPostgres(): Promise<RunningPostgres> {
  await ensureDebianPackages(['postgresql'], () => findPostgresBinDir() !== undefined);
  const binDir = findPostgresBinDir()!;
  const baseDir = await mkdtemp(join(tmpdir(), 'lianxin-postgres-'));
  const dataDir = join(baseDir, 'data');
  try {
    const runAsPostgres = await postgresRunner(baseDir);
    const port = await startCluster(binDir, baseDir, dataDir, runAsPostgres);
    let postmasterPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await runAsPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        await rm(baseDir, { recursive: true, force: true });
      },
      kill() {
        try {
          process.kill(postmasterPid, 'SIGQUIT'); // immediate shutdown; the postmaster ends its children
        } catch {
          // already gone
        }
      },
      async restart(downMs = 0) {
        await runAsPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        await new Promise((r) => setTimeout(r, downMs));
        await runAsPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', join(baseDir, 'postgres.log'), '-o', serverOptions(port, baseDir), '-w', 'start']);
        postmasterPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      },
    };
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

const serverOptions = (port: number, baseDir: string) => `-p ${port} -k ${baseDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;

/** initdb + pg_ctl start; the socket and the log live in `baseDir`. Returns the port. */
async function startCluster(binDir: string, baseDir: string, dataDir: string, runAsPostgres: Runner): Promise<number> {
  const port = await getFreePort();
  const logFile = join(baseDir, 'postgres.log');
  // prettier-ignore
  await runAsPostgres(join(binDir, 'initdb'), [
    '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync',
  ]);
  try {
    await runAsPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-o', serverOptions(port, baseDir), '-w', 'start']);
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(`PostgreSQL did not start on port ${port}; log:\n${log.slice(-2000)}`, { cause: error });
  }
  return port;
}

/**
 * Creates a fresh, uniquely named database on the server of `adminUrl` (one per test file)
 * and returns its URL; `drop()` disconnects everyone from it and drops it.
 */
export async function createTestDatabase(adminUrl: string, prefix: string): Promise<TestDatabase> {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
  const name = `${safePrefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      // WITH (FORCE) terminates the remaining connections to the database first (PostgreSQL 13+).
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdminClient<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The bin dir of the newest installed PostgreSQL server, e.g. /usr/lib/postgresql/15/bin. */
function findPostgresBinDir(): string | undefined {
  if (!existsSync(POSTGRES_LIB)) return undefined;
  const versions = readdirSync(POSTGRES_LIB)
    .filter((version) => existsSync(join(POSTGRES_LIB, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(POSTGRES_LIB, versions[0], 'bin');
}

type Runner = (command: string, args: string[]) => Promise<void>;

/** initdb refuses to run as root: as root, hand `dir` to the postgres user and run the tools as that user. */
async function postgresRunner(dir: string): Promise<Runner> {
  if (process.getuid?.() !== 0) {
    return async (command, args) => void (await execFileAsync(command, args));
  }
  const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
  const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
  await chown(dir, Number(uid), Number(gid));
  return async (command, args) => void (await execFileAsync('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: dir }));
}
