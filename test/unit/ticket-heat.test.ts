import { describe, expect, it } from 'vitest';
import { computeHeat, heatParts, ticketHeat } from '../../src/pipeline/ticket-heat.ts';

const now = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const demand = (over: Partial<{ occurredAt: Date; channel: string; reporterHash: string | null; likes: number; dislikes: number }> = {}) =>
  ({ occurredAt: now, channel: 'hotline', reporterHash: null, likes: 0, dislikes: 0, ...over });

describe('heat formula', () => {
  it('is 1 for one fresh demand, 0 for none', () => {
    expect(computeHeat([demand()], { asOf: now })).toBe(1);
    expect(computeHeat([], { asOf: now })).toBe(0);
  });

  it('halves after one half-life of silence and quarters after two', () => {
    expect(computeHeat([demand({ occurredAt: daysAgo(30) })], { asOf: now })).toBe(0.5);
    expect(computeHeat([demand({ occurredAt: daysAgo(14) })], { asOf: now, halfLifeDays: 7 })).toBe(0.25);
    expect(computeHeat([demand({ occurredAt: new Date(now.getTime() + 86_400_000) })], { asOf: now })).toBe(1);
  });

  it('grows with demands, channels and reporters', () => {
    const three = [demand({ reporterHash: 'a' }), demand({ reporterHash: 'b' }), demand({ reporterHash: 'c' })];
    expect(computeHeat(three, { asOf: now })).toBe(3);
    const channels = three.map((d, i) => ({ ...d, channel: ['hotline', 'mailbox', 'message-board'][i]! }));
    expect(computeHeat(channels, { asOf: now })).toBe(6); // × (1 + 0.5·2)
    const oneReporter = three.map((d) => ({ ...d, reporterHash: 'a' }));
    expect(computeHeat(oneReporter, { asOf: now })).toBe(1.5); // 1 reporter + ¼ · 2 repeats
    expect(heatParts(oneReporter, { asOf: now })).toMatchObject({ demands: 3, reporters: 1, channels: 1 });
  });

  it('counts likes and dislikes log-damped, ignores negative values', () => {
    expect(computeHeat([demand({ likes: 9 })], { asOf: now })).toBe(Math.round((1 + 0.5 * Math.log(10)) * 100) / 100);
    expect(computeHeat([demand({ dislikes: 9 })], { asOf: now })).toBe(computeHeat([demand({ likes: 9 })], { asOf: now }));
    expect(computeHeat([demand({ likes: 4, dislikes: 5 })], { asOf: now })).toBe(computeHeat([demand({ likes: 9 })], { asOf: now }));
    expect(computeHeat([demand({ likes: -5, dislikes: -1 })], { asOf: now })).toBe(1);
    expect(computeHeat([demand({ likes: 1000 })], { asOf: now })).toBeLessThan(computeHeat([demand(), demand(), demand(), demand(), demand()], { asOf: now }));
  });

  it('an old big issue cools below a fresh smaller one', () => {
    const old = Array.from({ length: 8 }, () => demand({ occurredAt: daysAgo(120) }));
    const fresh = Array.from({ length: 2 }, () => demand({ occurredAt: daysAgo(1) }));
    expect(computeHeat(fresh, { asOf: now })).toBeGreaterThan(computeHeat(old, { asOf: now }));
  });

  it('counts recency from the latest demand and rewards a problem raised over months', () => {
    const day = Array.from({ length: 4 }, (_, i) => demand({ reporterHash: `r${i}`, occurredAt: daysAgo(1) }));
    const months = Array.from({ length: 4 }, (_, i) => demand({ reporterHash: `r${i}`, occurredAt: daysAgo(1 + 60 * i) }));
    expect(computeHeat(months, { asOf: now })).toBeGreaterThan(computeHeat(day, { asOf: now }));
    // D = 180 days: × (1 + ½ ln 7); a = 1 day
    expect(computeHeat(months, { asOf: now })).toBeCloseTo(4 * (1 + 0.5 * Math.log(7)) * 2 ** (-1 / 30), 2);
    expect(heatParts(months, { asOf: now })).toMatchObject({ demands: 4, reporters: 4 });
    expect(heatParts(months, { asOf: now }).spanDays).toBeCloseTo(180, 5);
    // without recency (a replay ranked over its whole period)
    expect(computeHeat([demand({ occurredAt: daysAgo(400) })], { asOf: now, halfLifeDays: Infinity })).toBe(1);
  });

  it('ticketHeat (counts only) agrees with the formula for fresh distinct demands', () => {
    expect(ticketHeat(1, 1, 0)).toBe(1);
    expect(ticketHeat(2, 3, 0)).toBe(4);
    expect(ticketHeat(0, 1, 0)).toBe(0);
    expect(ticketHeat(1, 1, 9)).toBe(computeHeat([demand({ likes: 9 })], { asOf: now }));
    expect(ticketHeat(1, 1, 4, 5)).toBe(ticketHeat(1, 1, 9));
    for (let n = 1; n < 20; n++) expect(ticketHeat(n + 1, 2, 5)).toBeGreaterThan(ticketHeat(n, 2, 5));
  });
});
