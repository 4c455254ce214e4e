/**
 * Provisional heat (the analytics issue replaces it with the documented formula):
 * demands, weighted up when several channels report the same issue, plus likes.
 */
export function ticketHeat(demandCount: number, channelCount: number, likes: number): number {
  const heat = demandCount * (1 + 0.5 * Math.max(0, channelCount - 1)) + Math.log1p(Math.max(0, likes));
  return Math.round(heat * 100) / 100;
}
