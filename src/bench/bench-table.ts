import { STAGES } from '../queue/job-queue.ts';
import type { ChaosReport } from './chaos.ts';
import type { PipelineResult } from './pipeline-bench.ts';

/** The human summary of pipeline results (stderr). */
export function pipelineTable(results: PipelineResult[]): string {
  const lines: string[] = ['', 'configuration        demands/s  demands  drained s  peak RSS MB  load'];
  for (const r of results) {
    lines.push(`${r.config.padEnd(20)} ${String(r.throughput.demandsPerSec).padStart(9)}  ${String(r.throughput.demands).padStart(7)}  ${String(r.throughput.drainedSeconds).padStart(9)}  ${String(r.peakRssMb).padStart(11)}  ${r.load}`);
  }
  lines.push('', 'CPU, throughput run (ms/demand)  bench  workers  postgres  redis  machine  busy cores');
  const cell = (x: number | null, w: number) => String(x ?? '–').padStart(w);
  for (const r of results) {
    const c = r.cpu.msPerDemand;
    lines.push(`${r.config.padEnd(31)} ${cell(c.bench, 6)} ${cell(c.workers, 8)} ${cell(c.postgres, 9)} ${cell(c.redis, 6)} ${cell(c.machine, 8)} ${cell(r.cpu.machineBusyCores, 11)}`);
  }
  lines.push('', 'scheduled batch after the run   tickets    items  seconds  items/s  machine ms/item  demands/s with it');
  for (const r of results) {
    const b = r.scheduledBatch;
    if (b) lines.push(`${r.config.padEnd(31)} ${String(b.tickets).padStart(7)} ${String(b.items).padStart(8)} ${String(b.seconds).padStart(8)} ${String(b.itemsPerSec).padStart(8)} ${String(b.machineMsPerItem).padStart(16)} ${String(b.withBatchDemandsPerSec).padStart(18)}`);
  }
  lines.push('', 'live latency (ingest → DONE)   rate/s   p50 ms   p95 ms   p99 ms  unfinished');
  for (const r of results) {
    for (const l of r.live) {
      if ('skipped' in l) lines.push(`${r.config.padEnd(30)} ${String(l.rate).padStart(6)}   skipped: ${l.skipped}`);
      else lines.push(`${r.config.padEnd(30)} ${String(l.rate).padStart(6)} ${String(l.p50Ms).padStart(8)} ${String(l.p95Ms).padStart(8)} ${String(l.p99Ms).padStart(8)}  ${l.unfinished}`);
    }
  }
  lines.push('', 'stage, live run                jobs  wait ms    job ms');
  for (const r of results) {
    for (const l of r.live) {
      if (!('stages' in l) || !l.stages) continue;
      for (const stage of STAGES) {
        const s = l.stages[stage];
        if (s) lines.push(`${`${r.config} ${l.rate}/s ${stage}`.padEnd(30)} ${String(s.jobs).padStart(5)} ${String(s.waitMs).padStart(8)} ${String(s.jobMs).padStart(9)}`);
      }
    }
  }
  lines.push('', 'stage (throughput run)         jobs   mean ms   p99 ms  db ms/job  queries/job  ms/demand  wait ms/job');
  for (const r of results) {
    for (const stage of STAGES) {
      const s = r.stages[stage];
      if (!s.jobs) continue;
      lines.push(`${`${r.config} ${stage}`.padEnd(30)} ${String(s.jobs).padStart(5)} ${String(s.meanMs).padStart(9)} ${String(s.p99Ms).padStart(8)} ${String(s.dbMsPerJob).padStart(10)} ${String(s.queriesPerJob).padStart(12)} ${String(s.msPerDemand).padStart(10)} ${String(s.waitMsPerJob).padStart(12)}`);
    }
  }
  return `${lines.join('\n')}\n\n`;
}

/** The human chaos report (stderr). */
export function chaosTable(r: ChaosReport): string {
  const lines = ['', `chaos report: ${r.ok ? 'ALL INVARIANTS HOLD' : 'VIOLATIONS'}`];
  for (const f of r.faults) lines.push(`  +${String(f.at).padStart(4)} s  ${f.fault.padEnd(17)} ${f.detail}`);
  lines.push(`  load: ${r.load.acceptedRecords} records accepted, ${r.load.refusedCalls} calls refused during faults (retried), ${r.load.memberActions} member actions`);
  lines.push(`  recovery after load stopped: ${r.recoverySeconds} s`);
  for (const [k, v] of Object.entries(r.invariants)) lines.push(`  ${k.padEnd(26)} ${String(v)}`);
  for (const v of r.violations) lines.push(`  VIOLATION: ${v}`);
  return `${lines.join('\n')}\n\n`;
}
