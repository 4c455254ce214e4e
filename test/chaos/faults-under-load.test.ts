import { describe, expect, it } from 'vitest';
import { runChaos, type Fault } from '../../src/bench/chaos.ts';

/**
 * Faults under load on private PostgreSQL / Redis (and Kafka when LIANXIN_CHAOS_KAFKA=on;
 * test/connectors/kafka-faults.test.ts covers broker restarts otherwise), with two real
 * `lianxin worker` processes. `npm run chaos` runs the same with a 2-minute callback outage.
 */
describe('fault injection under load', () => {
  it('keeps every invariant after worker kill -9, Redis and PostgreSQL restarts and a callback outage', async () => {
    const faults: Fault[] = ['worker-kill', 'redis-restart', 'postgres-restart', 'callback-outage'];
    if (process.env.LIANXIN_CHAOS_KAFKA === 'on') faults.push('kafka-restart');
    const report = await runChaos({ faults, rate: 5, spacingMs: 4000, callbackDownMs: 6000, serviceDownMs: 2000, recoveryTimeoutMs: 300_000, log: () => undefined });
    console.log(JSON.stringify(report));
    expect(report.violations).toEqual([]);
    expect(report.faults.map((f) => f.fault)).toEqual(faults);
    expect(report.load.acceptedRecords).toBeGreaterThan(50);
    expect(report.invariants.outboxEvents).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  }, 600_000);
});
