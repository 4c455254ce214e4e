import { randomUUID } from 'node:crypto';
import { DocumentFrequency } from './document-frequency.ts';
import type { GazetteerConfig } from './gazetteer.ts';
import { compareProfiles, decide, rarePlaceLimit, type MatchDecision } from './match.ts';
import { minhashSignature } from './minhash.ts';
import { MinHashIndex, UNKNOWN_REGION, UNKNOWN_TIME } from './minhash-index.ts';
import { PlacePostings } from './place-postings.ts';
import { createGazetteer, type Gazetteer, type Place } from './places.ts';
import { ProfileCache } from './profile-cache.ts';
import { buildProfile, specific, type DemandDoc, type DocProfile } from './profile.ts';
import { similarPassages } from './passages.ts';

export interface MergeExplanation {
  score: number;
  sharedPlaces: string[];
  similarPassages: string[];
  rule: string;
}

export interface MergeOutcome {
  clusterId: string;
  created: boolean;
  score?: number;
  explanation: MergeExplanation;
}

/** What a persisted open ticket needs to be re-indexed without rebuilding its profile. */
export interface StoredCluster {
  clusterId: string;
  representative: DemandDoc;
  signature: Uint32Array;
  titleSignature: Uint32Array;
  /** The representative's core places (the cluster's place union starts from them). */
  places: Place[];
  /** Every non-district place core of the representative, for the place postings. */
  postingCores: string[];
  memberIds: string[];
}

export interface MergeEngineOptions {
  gazetteer?: GazetteerConfig;
  /** Demands further apart than this never merge (default 365 days; unknown times always compare). */
  windowDays?: number;
  /** LSH hits below this estimated Jaccard are not verified (unrelated texts colliding in a band). */
  minEstimate?: number;
  /** Sizes the LSH tables up front (re-bucketing a growing index costs time while loading). */
  expectedClusters?: number;
  /** Verification budget per demand (default 32): half from text LSH, a quarter from title LSH, half from place postings (overlaps count once). */
  maxCandidates?: number;
}

/** Titles below this estimated Jaccard are not candidates: the same-title rule needs title cosine ≥ 0.6. */
const TITLE_MIN_ESTIMATE = 0.2;

interface Cluster {
  id: string;
  representative: DemandDoc;
  /** Union of the members' core places: a follow-up naming the estate joins a cluster started without it. */
  places: Place[];
  slot: number;
  titleSlot: number;
  members: Set<string>;
}

/**
 * In-memory same-issue merger. A demand joins the cluster whose REPRESENTATIVE (its first demand,
 * plus the union of the members' core places) it matches best; matching one member is not enough,
 * so A≈B≈C never chains an unrelated A and C. Candidates come from MinHash LSH (wording) and
 * from place postings (same place, other wording); every candidate is verified by `decide`.
 */
export class MergeEngine {
  private readonly gazetteer: Gazetteer;
  private readonly df = new DocumentFrequency();
  private readonly index: MinHashIndex;
  /** Second LSH over title bigrams: same-titled reports whose bodies share little wording. */
  private readonly titleIndex: MinHashIndex;
  private readonly postings = new PlacePostings();
  private readonly profiles = new ProfileCache();
  private readonly clusters = new Map<string, Cluster>();
  private readonly slotCluster: string[] = [];
  private readonly titleSlotCluster: string[] = [];
  private readonly docCluster = new Map<string, string>();
  private readonly blocked = new Map<string, Set<string>>();
  private readonly regions = new Map<string, number>();
  private readonly windowMinutes: number;
  private readonly minEstimate: number;
  private readonly maxCandidates: number;

  constructor(options: MergeEngineOptions = {}) {
    this.gazetteer = createGazetteer(options.gazetteer);
    this.index = new MinHashIndex(options.expectedClusters);
    this.titleIndex = new MinHashIndex(options.expectedClusters);
    this.windowMinutes = (options.windowDays ?? 365) * 24 * 60;
    this.minEstimate = options.minEstimate ?? 0.05;
    this.maxCandidates = options.maxCandidates ?? 32;
  }

  get clusterCount(): number {
    return this.clusters.size;
  }

  clusterOf(docId: string): string | undefined {
    return this.docCluster.get(docId);
  }

  add(doc: DemandDoc): MergeOutcome {
    const profile = buildProfile(doc, this.gazetteer);
    this.df.observe(profile.topic, profile.places.map((p) => p.core));
    const signature = minhashSignature(profile.shingles);
    const titleSignature = minhashSignature(profile.titleBigrams.hashes);
    const best = this.bestMatch(profile, signature, titleSignature);
    if (best) {
      const cluster = best.cluster;
      cluster.members.add(doc.id);
      this.docCluster.set(doc.id, cluster.id);
      const known = new Set(cluster.places.map((p) => p.name));
      const fresh = specific(profile.corePlaces).filter((p) => !known.has(p.name));
      cluster.places.push(...fresh);
      this.postings.add(cluster.id, fresh.map((p) => p.core));
      return { clusterId: cluster.id, created: false, score: best.decision.score, explanation: best.explanation };
    }
    const cluster = this.open(doc, profile, signature, titleSignature);
    return { clusterId: cluster.id, created: true, explanation: { score: 0, sharedPlaces: [], similarPassages: [], rule: 'new-ticket' } };
  }

  /**
   * Takes `doc` out of its cluster for good (a supervisor's split): its cluster id goes on the
   * doc's blocklist, then the doc is matched again and joins another cluster or opens its own.
   * A split representative leaves its text as the cluster's description.
   */
  split(doc: DemandDoc): MergeOutcome {
    const clusterId = this.docCluster.get(doc.id);
    if (clusterId) {
      this.clusters.get(clusterId)?.members.delete(doc.id);
      this.docCluster.delete(doc.id);
      this.blocked.set(doc.id, new Set([...(this.blocked.get(doc.id) ?? []), clusterId]));
    }
    return this.add(doc);
  }

  /** What to persist for a new cluster's representative so `load` can rebuild the index quickly. */
  prepare(doc: DemandDoc): Omit<StoredCluster, 'clusterId' | 'memberIds'> {
    const profile = buildProfile(doc, this.gazetteer);
    return {
      representative: doc,
      signature: minhashSignature(profile.shingles),
      titleSignature: minhashSignature(profile.titleBigrams.hashes),
      places: specific(profile.corePlaces),
      postingCores: profile.places.filter((p) => p.kind !== 'district').map((p) => p.core),
    };
  }

  /** Re-indexes a persisted open ticket (no profile is built; it is built lazily when verified). */
  load(stored: StoredCluster): void {
    const region = this.regionId(stored.representative.district ?? null);
    const time = stored.representative.occurredAt ? Math.floor(stored.representative.occurredAt.getTime() / 60_000) : UNKNOWN_TIME;
    const slot = this.index.add(stored.signature, time, region);
    const titleSlot = this.titleIndex.add(stored.titleSignature, time, region);
    const id = stored.clusterId;
    this.clusters.set(id, { id, representative: stored.representative, places: [...stored.places], slot, titleSlot, members: new Set(stored.memberIds) });
    this.slotCluster[slot] = id;
    this.titleSlotCluster[titleSlot] = id;
    for (const member of stored.memberIds) this.docCluster.set(member, id);
    this.postings.add(id, stored.postingCores);
    this.df.observePlaces(stored.postingCores);
  }

  /** A closed ticket stops attracting demands and frees its index slot. */
  close(clusterId: string): void {
    const cluster = this.clusters.get(clusterId);
    if (!cluster) return;
    this.index.remove(cluster.slot);
    this.titleIndex.remove(cluster.titleSlot);
    this.postings.remove(clusterId, cluster.places.map((p) => p.core));
    this.clusters.delete(clusterId);
  }

  /** The decision for two demands directly, as if `b` were a representative (for error review). */
  compare(a: DemandDoc, b: DemandDoc): MatchDecision & { sharedPlaces: string[] } {
    const build = (d: DemandDoc) => this.profiles.get(d, (x) => buildProfile(x, this.gazetteer));
    const features = compareProfiles(build(a), build(b), [], this.df);
    return { ...decide(features), sharedPlaces: features.shared.map((p) => p.name) };
  }

  /** The LSH index as a Buffer (signatures, times, regions), e.g. to persist next to the tickets. */
  exportIndex(): Buffer {
    return this.index.toBuffer();
  }

  private bestMatch(profile: DocProfile, signature: Uint32Array, titleSignature: Uint32Array) {
    const block = { time: profile.time, windowMinutes: this.windowMinutes, region: this.regionId(profile.district), minEstimate: this.minEstimate };
    const hits = this.index.query({ ...block, signature }).slice(0, this.maxCandidates / 2);
    const ids = new Set(hits.map((h) => this.slotCluster[h.slot]!));
    const titleHits = profile.titleBigrams.hashes.length > 0 ? this.titleIndex.query({ ...block, signature: titleSignature, minEstimate: TITLE_MIN_ESTIMATE }) : [];
    for (const h of titleHits.slice(0, this.maxCandidates / 4)) ids.add(this.titleSlotCluster[h.slot]!);
    for (const id of this.postings.candidates(this.rareCores(profile), this.maxCandidates / 2)) ids.add(id);
    const blocked = this.blocked.get(profile.id);
    let best: { cluster: Cluster; decision: MatchDecision; explanation: MergeExplanation } | undefined;
    for (const id of ids) {
      const cluster = this.clusters.get(id);
      if (!cluster || blocked?.has(id) || !this.inWindow(cluster, profile)) continue;
      const rep = this.profiles.get(cluster.representative, (d) => buildProfile(d, this.gazetteer));
      const features = compareProfiles(profile, rep, cluster.places, this.df);
      const decision = decide(features);
      if (!decision.same || (best && best.decision.score >= decision.score)) continue;
      const explanation = {
        score: decision.score,
        sharedPlaces: features.shared.map((p) => p.name),
        similarPassages: [] as string[],
        rule: decision.rule,
      };
      best = { cluster, decision, explanation };
    }
    if (best) {
      const rep = this.profiles.get(best.cluster.representative, (d) => buildProfile(d, this.gazetteer));
      best.explanation.similarPassages = similarPassages(profile.text, rep.text);
    }
    return best;
  }

  private inWindow(cluster: Cluster, profile: DocProfile): boolean {
    const rep = cluster.representative.occurredAt;
    if (!rep || profile.time < 0) return true;
    return Math.abs(rep.getTime() / 60_000 - profile.time) <= this.windowMinutes;
  }

  /** Place cores rare enough to identify an issue (a generic word would return every cluster), rarest first. */
  private rareCores(profile: DocProfile): string[] {
    const limit = rarePlaceLimit(this.df);
    const rare = profile.places.filter((p) => p.kind !== 'district' && this.df.placeCount(p.core) <= limit);
    return rare.sort((a, b) => this.df.placeCount(a.core) - this.df.placeCount(b.core)).map((p) => p.core);
  }

  private open(doc: DemandDoc, profile: DocProfile, signature: Uint32Array, titleSignature: Uint32Array): Cluster {
    const id = randomUUID();
    const region = this.regionId(profile.district);
    const slot = this.index.add(signature, profile.time, region);
    const titleSlot = this.titleIndex.add(titleSignature, profile.time, region);
    const cluster: Cluster = { id, representative: doc, places: specific(profile.corePlaces), slot, titleSlot, members: new Set([doc.id]) };
    this.slotCluster[slot] = id;
    this.titleSlotCluster[titleSlot] = id;
    this.clusters.set(id, cluster);
    this.docCluster.set(doc.id, id);
    this.profiles.put(doc, profile);
    this.postings.add(id, profile.places.filter((p) => p.kind !== 'district').map((p) => p.core));
    return cluster;
  }

  private regionId(district: string | null): number {
    if (!district) return UNKNOWN_REGION;
    let id = this.regions.get(district);
    if (id === undefined) this.regions.set(district, (id = this.regions.size));
    return id;
  }
}
