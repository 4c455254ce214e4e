import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

let aptUpdated = false;
/** apt/dpkg hold a lock, so installs run one after another. */
let installQueue: Promise<unknown> = Promise.resolve();

/**
 * Installs Debian packages with apt-get when `isInstalled()` says they are missing.
 * Safe to call concurrently: installs are serialized and `apt-get update` runs once per process.
 */
export async function ensureDebianPackages(packages: string[], isInstalled: () => boolean): Promise<void> {
  if (isInstalled()) return;
  const install = installQueue.then(async () => {
    if (isInstalled()) return;
    const names = packages.join(' ');
    if (process.getuid?.() !== 0) {
      throw new Error(
        `${names} not installed and installing needs root: run \`sudo apt-get install -y ${names}\` ` +
          'or point the tests at running services (REDIS_URL, DATABASE_URL, KAFKA_BROKERS)',
      );
    }
    process.stderr.write(`[test services] installing ${names} with apt-get\n`);
    if (!aptUpdated) {
      await aptGet(['update']);
      aptUpdated = true;
    }
    await aptGet(['install', '-y', '--no-install-recommends', ...packages]);
    if (!isInstalled()) throw new Error(`apt-get installed ${names}, but the expected binaries are still missing`);
  });
  installQueue = install.catch(() => undefined);
  return install;
}

async function aptGet(args: string[]): Promise<void> {
  try {
    // Wait for a dpkg/apt lock held by another apt-get instead of failing at once.
    await execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`apt-get ${args.join(' ')} failed: ${output.slice(-2000)}`, { cause: error });
  }
}
