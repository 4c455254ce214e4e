import type { DemandDoc, DocProfile } from './profile.ts';

/**
 * Least-recently-used cache of representative profiles, keyed by the representative document.
 * Clusters keep only their representative's text; profiles (n-grams, places) are rebuilt on demand
 * (~1 ms) so a million open clusters do not hold a million profiles.
 */
export class ProfileCache {
  private readonly entries = new Map<DemandDoc, DocProfile>();

  constructor(private readonly capacity = 50_000) {}

  get(doc: DemandDoc, build: (doc: DemandDoc) => DocProfile): DocProfile {
    const hit = this.entries.get(doc);
    if (hit) {
      this.entries.delete(doc);
      this.entries.set(doc, hit);
      return hit;
    }
    const profile = build(doc);
    this.entries.set(doc, profile);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return profile;
  }

  put(doc: DemandDoc, profile: DocProfile): void {
    this.entries.set(doc, profile);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
