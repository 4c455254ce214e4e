import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in these ticks (100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/** CPU seconds used during a window, by the parts of one deployment, and how busy the machine was. */
export interface CpuUsage {
  /** This process (ingest and polling; embedded: also every stage). */
  bench: number;
  /** The `lianxin worker` child processes. */
  workers: number;
  /** The PostgreSQL server of DATABASE_URL (postmaster and backends), when it runs on this machine. */
  postgres: number | null;
  /** The Redis server of REDIS_URL, when it runs on this machine. */
  redis: number | null;
  /** Every process of the machine (from /proc/stat), and that as cores kept busy over the window. */
  machine: number;
  machineBusyCores: number;
  seconds: number;
}

interface Snapshot {
  at: number;
  bench: number;
  workers: number;
  postgres: number | null;
  redis: number | null;
  machine: number;
}

/**
 * Reads CPU time from /proc at the start and the end of a measured window (Linux only; elsewhere
 * every figure is 0 or null). A server is found by the loopback/any port it listens on (from
 * /proc/net/tcp and the processes' socket descriptors); its time is that of the listening process
 * and its children, including children that exited within the window (reaped children's time
 * moves to the parent's cutime/cstime, which is counted too).
 */
export class CpuAccounting {
  private readonly serverPids: { postgres: number | null; redis: number | null };
  private readonly start: Snapshot;

  constructor(private readonly workerPids: () => number[], ports: { postgres?: number; redis?: number }) {
    this.serverPids = { postgres: ports.postgres ? listenerPid(ports.postgres) : null, redis: ports.redis ? listenerPid(ports.redis) : null };
    this.start = this.snapshot();
  }

  /** CPU seconds since the window started. */
  usage(): CpuUsage {
    const end = this.snapshot();
    const d = (a: number | null, b: number | null) => (a === null || b === null ? null : round((b - a) / TICKS_PER_SECOND));
    const seconds = (end.at - this.start.at) / 1000;
    const machine = (end.machine - this.start.machine) / TICKS_PER_SECOND;
    return {
      bench: round(end.bench - this.start.bench),
      workers: d(this.start.workers, end.workers)!,
      postgres: d(this.start.postgres, end.postgres),
      redis: d(this.start.redis, end.redis),
      machine: round(machine),
      machineBusyCores: seconds > 0 ? round(machine / seconds) : 0,
      seconds: round(seconds),
    };
  }

  private snapshot(): Snapshot {
    const cpu = process.cpuUsage();
    const family = (pid: number | null) => (pid === null ? null : treeTicks(pid));
    return {
      at: performance.now(),
      bench: (cpu.user + cpu.system) / 1e6,
      workers: this.workerPids().reduce((sum, pid) => sum + (ticksOf(pid)?.own ?? 0), 0),
      postgres: family(this.serverPids.postgres),
      redis: family(this.serverPids.redis),
      machine: machineBusyTicks(),
    };
  }
}

/** `CpuUsage` per demand, in milliseconds. */
export interface CpuPerDemand {
  bench: number;
  workers: number;
  postgres: number | null;
  redis: number | null;
  machine: number;
}

/** The usage in milliseconds per demand. */
export const perDemand = (u: CpuUsage, demands: number): CpuPerDemand => {
  const ms = (s: number | null) => (s === null ? null : Math.round((s * 1000 * 100) / demands) / 100);
  return { bench: ms(u.bench)!, workers: ms(u.workers)!, postgres: ms(u.postgres), redis: ms(u.redis), machine: ms(u.machine)! };
};

/** Ports of the deployment's PostgreSQL and Redis (their servers' CPU is read when they run here). */
export function serverPorts(env: NodeJS.ProcessEnv): { postgres?: number; redis?: number } {
  const port = (url: string | undefined, fallback: number) => {
    if (!url) return undefined;
    try {
      const u = new URL(url);
      return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname) ? Number(u.port || fallback) : undefined;
    } catch {
      return undefined;
    }
  };
  return { postgres: port(env.DATABASE_URL, 5432), redis: port(env.REDIS_URL, 6379) };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** utime+stime of a process, its children's reaped time (cutime+cstime), and its parent pid. */
function ticksOf(pid: number): { own: number; reaped: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    return { own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]), ppid: Number(f[1]) };
  } catch {
    return null;
  }
}

/** A process and its live children (one level: a server's workers), with what they reaped. */
function treeTicks(root: number): number {
  let total = 0;
  for (const entry of procPids()) {
    const t = ticksOf(entry);
    if (t && (entry === root || t.ppid === root)) total += t.own + t.reaped;
  }
  return total;
}

function procPids(): number[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return [];
  }
}

/** Non-idle ticks of all CPUs (user nice system irq softirq steal; idle and iowait excluded). */
function machineBusyTicks(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
  } catch {
    return 0;
  }
}

/** The pid of the process listening on a TCP port of this machine, or null. */
export function listenerPid(port: number): number | null {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; column 9 is the socket's inode
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1]!.split(':')[1]!, 16) === port) inodes.add(cols[9]!);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of procPids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith('socket:[') && inodes.has(link.slice(8, -1))) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}
