/**
 * Inverted index place core → cluster ids, for candidates that share a place but little wording
 * (follow-ups, different authors). Only the newest `maxPerPlace` clusters of a place are
 * searched: a place with more open clusters is a generic word, not an identifier.
 */
export class PlacePostings {
  private readonly postings = new Map<string, string[]>();

  constructor(private readonly maxPerPlace = 64) {}

  add(clusterId: string, cores: Iterable<string>): void {
    for (const core of new Set(cores)) {
      const list = this.postings.get(core);
      if (!list) this.postings.set(core, [clusterId]);
      else if (list.at(-1) !== clusterId) list.push(clusterId);
    }
  }

  remove(clusterId: string, cores: Iterable<string>): void {
    for (const core of new Set(cores)) {
      const list = this.postings.get(core);
      const at = list?.lastIndexOf(clusterId) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
      if (list?.length === 0) this.postings.delete(core);
    }
  }

  /** Up to `limit` clusters naming any of `cores` (in the order given), newest first per place. */
  candidates(cores: Iterable<string>, limit: number): Set<string> {
    const out = new Set<string>();
    for (const core of new Set(cores)) {
      const list = this.postings.get(core) ?? [];
      for (let i = list.length - 1; i >= Math.max(0, list.length - this.maxPerPlace); i--) {
        if (out.size >= limit) return out;
        out.add(list[i]!);
      }
    }
    return out;
  }
}
