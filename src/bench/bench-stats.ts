import { readFileSync } from 'node:fs';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function latencySummary(values: number[]): { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number } {
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x);
  return { count: s.length, p50Ms: r(percentile(s, 50)), p95Ms: r(percentile(s, 95)), p99Ms: r(percentile(s, 99)), maxMs: r(s[s.length - 1] ?? 0) };
}

/** Resident set size of a process in bytes (/proc), 0 once it is gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the summed RSS of this process and the given children; keeps the peak. */
export function rssSampler(pids: () => number[], everyMs = 200): { peakBytes(): number; stop(): void } {
  let peak = 0;
  const sample = () => {
    const total = process.memoryUsage.rss() + pids().reduce((sum, pid) => sum + rssOf(pid), 0);
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peakBytes: () => (sample(), peak),
    stop: () => clearInterval(timer),
  };
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** One-minute load average and cores, to note beside every measurement on a shared machine. */
export function machineLoad(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
