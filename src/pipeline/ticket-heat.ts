/**
 * Heat (热度) of a ticket — one formula, used for stored ticket heat, the inbox, the analyst
 * dashboard and `lianxin eval hot`:
 *
 *   heat = Σ_d  2^(−age_d / H) · (1 + 0.5·ln(1 + likes_d) + 0.25·ln(1 + dislikes_d))
 *          × (1 + 0.5·(C − 1))
 *          × √(R / N)
 *
 *   d        each demand merged into the ticket (N of them)
 *   age_d    time from the demand's occurredAt to the reference time (never negative)
 *   H        half-life, 30 days by default: a report counts half after 30 days, a quarter after 60
 *   likes_d, dislikes_d  点赞 / 反对 where the source has them (message boards); both show that
 *            people read and care, likes count twice as much; log-damped so one viral post
 *            cannot outweigh many separate reports
 *   C        distinct channels (12345 + 信箱 + 留言板 … one issue on several channels is hotter)
 *   R        distinct reporters (a demand without a reporter counts as its own reporter):
 *            one person posting the same complaint ten times is √(1/10) as hot as ten people
 *
 * A single fresh demand from one reporter without likes has heat 1. Rounded to 2 decimals.
 */

export const HEAT_HALF_LIFE_DAYS = 30;
const DAY_MS = 86_400_000;

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
  halfLifeDays?: number;
}

export interface HeatParts {
  heat: number;
  weighted: number;
  demands: number;
  channels: number;
  reporters: number;
}

const nonNegative = (n: number | null | undefined) => (Number.isFinite(n) && (n as number) > 0 ? (n as number) : 0);

/** The heat of a group of demands with the parts that make it up. */
export function heatParts(demands: readonly HeatDemand[], options: HeatOptions = {}): HeatParts {
  const asOf = options.asOf === undefined ? Date.now() : +options.asOf;
  const halfLife = (options.halfLifeDays ?? HEAT_HALF_LIFE_DAYS) * DAY_MS;
  const channels = new Set<string>();
  const reporters = new Set<string>();
  let anonymous = 0;
  let weighted = 0;
  for (const d of demands) {
    const at = d.occurredAt === null ? asOf : +new Date(d.occurredAt);
    const age = Number.isFinite(at) ? Math.max(0, asOf - at) : 0;
    const engagement = 1 + 0.5 * Math.log1p(nonNegative(d.likes)) + 0.25 * Math.log1p(nonNegative(d.dislikes));
    weighted += 2 ** (-age / halfLife) * engagement;
    if (d.channel) channels.add(d.channel);
    if (d.reporterHash) reporters.add(d.reporterHash);
    else anonymous += 1;
  }
  const n = demands.length;
  const c = Math.max(1, channels.size);
  const r = reporters.size + anonymous;
  const heat = n === 0 ? 0 : weighted * (1 + 0.5 * (c - 1)) * Math.sqrt(r / n);
  return { heat: Math.round(heat * 100) / 100, weighted, demands: n, channels: c, reporters: r };
}

export function computeHeat(demands: readonly HeatDemand[], options: HeatOptions = {}): number {
  return heatParts(demands, options).heat;
}

/**
 * Heat from counts only (the merge stage's running total, before it loads the demands):
 * every demand taken as fresh and from its own reporter, likes summed. Same formula as
 * computeHeat for one demand; for several it sums the likes before damping. Prefer computeHeat / refreshTicketHeat when the demands are at hand.
 */
export function ticketHeat(demandCount: number, channelCount: number, likes: number): number {
  const n = Math.max(0, Math.floor(demandCount));
  if (n === 0) return 0;
  const engagement = n + 0.5 * Math.log1p(nonNegative(likes));
  const heat = engagement * (1 + 0.5 * (Math.max(1, channelCount) - 1));
  return Math.round(heat * 100) / 100;
}
