/**
 * Heat (热度) of a ticket or of a hot issue — one formula, used for stored ticket heat, the inbox,
 * the analyst dashboard and `lianxin eval hot`:
 *
 *   heat = V × K × P × 2^(−a / H)
 *
 *   V = R + ¼·(N − R) + ½·Σ_d ln(1 + likes_d + dislikes_d)      volume and attention
 *   K = 1 + ½·(C − 1)                                           channels
 *   P = 1 + ½·ln(1 + D / 30 days)                               persistence (持续时间)
 *
 *   N        demands (reports) of the ticket / issue
 *   R        distinct reporters (a demand without a reporter counts as its own): people, not
 *            posts, make an issue hot — one person posting ten times is 1 + ¼·9 = 3.25, ten
 *            people are 10
 *   likes_d, dislikes_d  点赞 / 反对 where the source has them (message boards): both are people
 *            who read the post and reacted, so both are attention; log-damped per post so one viral
 *            post (2,000 likes ≈ 4.8) cannot outweigh many separate reporters
 *   C        distinct channels (12345 + 信箱 + 留言板 … one issue on several channels is hotter)
 *   D        days from the first to the latest demand: an issue raised again and again for months
 *            is a chronic one (one day 1, a month 1.35, a quarter 1.69, a year 2.28)
 *   a        days from the latest demand to the reference time (now; a replay's end): an issue
 *            nobody raised for a half-life H counts half (never negative)
 *   H        half-life, 30 days live (inbox, dashboard); `eval hot` uses 90 days for a replay of a
 *            year of messages
 *
 * A single fresh demand from one reporter without likes has heat 1. Rounded to 2 decimals.
 */

export const HEAT_HALF_LIFE_DAYS = 30;
const DAY_MS = 86_400_000;
const REPEAT_WEIGHT = 0.25;
const ATTENTION_WEIGHT = 0.5;
const CHANNEL_WEIGHT = 0.5;
const PERSISTENCE_WEIGHT = 0.5;
const PERSISTENCE_UNIT_DAYS = 30;

export interface HeatDemand {
  occurredAt: Date | string | number | null;
  channel?: string | null;
  reporterHash?: string | null;
  likes?: number | null;
  dislikes?: number | null;
}

export interface HeatOptions {
  /** Reference time (default: now). Demands after it count as age 0. */
  asOf?: Date | number;
  /** Half-life of the recency factor; Infinity turns recency off. */
  halfLifeDays?: number;
}

export interface HeatParts {
  heat: number;
  /** V: reporters, repeats and attention. */
  volume: number;
  demands: number;
  channels: number;
  reporters: number;
  /** D in days. */
  spanDays: number;
  /** a in days. */
  ageDays: number;
}

const nonNegative = (n: number | null | undefined) => (Number.isFinite(n) && (n as number) > 0 ? (n as number) : 0);

/**
 * What the formula needs of a group of demands, summed (the database sums them the same way for
 * `refreshTicketHeat`): times are epoch ms, already clamped to the reference time.
 */
export interface HeatTotals {
  demands: number;
  /** Distinct reporters, a demand without one counting as its own. */
  reporters: number;
  /** Σ ln(1 + likes + dislikes). */
  attention: number;
  /** Distinct non-empty channels. */
  channels: number;
  firstMs: number;
  lastMs: number;
}

/** The heat of a group of demands with the parts that make it up. */
export function heatParts(demands: readonly HeatDemand[], options: HeatOptions = {}): HeatParts {
  const asOf = options.asOf === undefined ? Date.now() : +options.asOf;
  const channels = new Set<string>();
  const reporters = new Set<string>();
  let anonymous = 0;
  let attention = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const d of demands) {
    const at = d.occurredAt === null ? asOf : +new Date(d.occurredAt);
    const t = Number.isFinite(at) ? Math.min(at, asOf) : asOf;
    first = Math.min(first, t);
    last = Math.max(last, t);
    attention += Math.log1p(nonNegative(d.likes) + nonNegative(d.dislikes));
    if (d.channel) channels.add(d.channel);
    if (d.reporterHash) reporters.add(d.reporterHash);
    else anonymous += 1;
  }
  const totals = { demands: demands.length, reporters: reporters.size + anonymous, attention, channels: channels.size, firstMs: first, lastMs: last };
  return heatOfTotals(totals, { ...options, asOf });
}

/** The formula itself, from the totals of a group of demands. */
export function heatOfTotals(totals: HeatTotals, options: HeatOptions = {}): HeatParts {
  const asOf = options.asOf === undefined ? Date.now() : +options.asOf;
  const halfLife = (options.halfLifeDays ?? HEAT_HALF_LIFE_DAYS) * DAY_MS;
  const { demands: n, reporters: r, attention, firstMs: first, lastMs: last } = totals;
  const c = Math.max(1, totals.channels);
  if (n === 0) return { heat: 0, volume: 0, demands: 0, channels: c, reporters: 0, spanDays: 0, ageDays: 0 };
  const volume = r + REPEAT_WEIGHT * (n - r) + ATTENTION_WEIGHT * attention;
  const spanDays = (last - first) / DAY_MS;
  const ageDays = (asOf - last) / DAY_MS;
  const recency = Number.isFinite(halfLife) ? 2 ** (-(asOf - last) / halfLife) : 1;
  const heat = volume * (1 + CHANNEL_WEIGHT * (c - 1)) * (1 + PERSISTENCE_WEIGHT * Math.log1p(spanDays / PERSISTENCE_UNIT_DAYS)) * recency;
  return { heat: Math.round(heat * 100) / 100, volume, demands: n, channels: c, reporters: r, spanDays, ageDays };
}

export function computeHeat(demands: readonly HeatDemand[], options: HeatOptions = {}): number {
  return heatParts(demands, options).heat;
}

/**
 * Heat from counts only (the merge stage's running total, before it loads the demands): the
 * same formula with every demand fresh, on one day and from its own reporter, the likes (and
 * dislikes) summed onto one post. Prefer computeHeat / refreshTicketHeat when the demands are
 * at hand; the stored heat is recomputed with them every 15 minutes.
 */
export function ticketHeat(demandCount: number, channelCount: number, likes: number, dislikes = 0): number {
  const n = Math.max(0, Math.floor(demandCount));
  if (n === 0) return 0;
  const volume = n + ATTENTION_WEIGHT * Math.log1p(nonNegative(likes) + nonNegative(dislikes));
  const heat = volume * (1 + CHANNEL_WEIGHT * (Math.max(1, channelCount) - 1));
  return Math.round(heat * 100) / 100;
}
