import { describe, expect, it } from 'vitest';
import { ticketHeat } from '../../src/pipeline/ticket-heat.ts';

describe('ticketHeat', () => {
  it('gives known values', () => {
    expect(ticketHeat(1, 1, 0)).toBe(1);
    expect(ticketHeat(2, 3, 0)).toBe(4);
    expect(ticketHeat(1, 1, 9)).toBe(Math.round((1 + Math.log(10)) * 100) / 100);
  });

  it('grows strictly with the number of demands', () => {
    const heats = Array.from({ length: 20 }, (_, i) => ticketHeat(i + 1, 2, 5));
    for (let i = 1; i < heats.length; i++) expect(heats[i]!).toBeGreaterThan(heats[i - 1]!);
  });

  it('grows strictly with the number of channels', () => {
    const heats = Array.from({ length: 6 }, (_, i) => ticketHeat(3, i + 1, 0));
    for (let i = 1; i < heats.length; i++) expect(heats[i]!).toBeGreaterThan(heats[i - 1]!);
  });

  it('never falls as likes grow, and ignores negative likes', () => {
    expect(ticketHeat(2, 1, 10)).toBeGreaterThan(ticketHeat(2, 1, 1));
    expect(ticketHeat(2, 1, -5)).toBe(ticketHeat(2, 1, 0));
  });
});
