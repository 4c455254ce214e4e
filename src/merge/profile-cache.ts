import type { DemandDoc, DocProfile } from './profile.ts';

/**
 * Least-recently-used cache of representative profiles, keyed by demand id (a demand's text never
 * changes; the same demand read again from the database, e.g. by the cold start's idf warm-up and by
 * the log replay, is one entry). Clusters keep only their representative's text; profiles (n-grams,
 * places) are rebuilt on demand (~0.4 ms) so a million open clusters do not hold a million profiles.
 */
export class ProfileCache {
  private readonly entries = new Map<string, DocProfile>();

  constructor(private readonly capacity = 50_000) {}

  get(doc: DemandDoc, build: (doc: DemandDoc) => DocProfile): DocProfile {
    const hit = this.entries.get(doc.id);
    if (hit) {
      this.entries.delete(doc.id);
      this.entries.set(doc.id, hit);
      return hit;
    }
    const profile = build(doc);
    this.put(doc, profile);
    return profile;
  }

  put(doc: DemandDoc, profile: DocProfile): void {
    this.entries.delete(doc.id);
    this.entries.set(doc.id, profile);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
