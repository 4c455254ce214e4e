import { randomUUID } from 'node:crypto';
import { DocumentFrequency } from './document-frequency.ts';
import type { GazetteerConfig } from './gazetteer.ts';
import { compareProfiles, decide, matchProfiles, rarePlaceLimit, type MatchDecision } from './match.ts';
import { minhashSignature } from './minhash.ts';
import { MinHashIndex, UNKNOWN_REGION, UNKNOWN_TIME } from './minhash-index.ts';
import { PlacePostings } from './place-postings.ts';
import { createGazetteer, type Gazetteer, type Place } from './places.ts';
import { ProfileCache } from './profile-cache.ts';
import { buildProfile, specific, type DemandDoc, type DocProfile } from './profile.ts';
import { similarPassages } from './passages.ts';
import { jaccard } from './ngrams.ts';
import { placesConflict } from './place-match.ts';
import { isNamedCore } from './place-filter.ts';
import { isJurisdiction } from './districts.ts';
import { ClusterStore, grow } from './cluster-store.ts';

export interface MergeExplanation {
  score: number;
  sharedPlaces: string[];
  similarPassages: string[];
  rule: string;
  /** The representative text the demand matched. */
  representativeId?: string;
}

/** The result of `match`: what `commit` applies (the engine is unchanged until then). */
export interface Proposal {
  doc: DemandDoc;
  profile: DocProfile;
  signature: Uint32Array;
  titleSignature: Uint32Array;
  best?: { cluster: { id: string }; decision: MatchDecision; explanation: MergeExplanation };
}

export type Profiled = Pick<Proposal, 'profile' | 'signature' | 'titleSignature'>;

export type PreparedRepresentative = Omit<StoredCluster, 'clusterId' | 'memberIds'>;

export interface MergeOutcome {
  clusterId: string;
  created: boolean;
  /** The demand became one of the cluster's representative texts (persist `prepare(doc)` for it). */
  representative: boolean;
  score?: number;
  explanation: MergeExplanation;
}

/** What a persisted representative of an open ticket needs to be re-indexed without rebuilding its profile. */
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
  /** Candidate clusters verified per demand, best MinHash estimate first (default 12). */
  verifyBudget?: number;
  /** Stop verifying once a near-duplicate is found and the remaining estimates are far below it (default true). */
  nearDuplicateStop?: boolean;
}

/** Titles below this estimated Jaccard are not candidates: the same-title rule needs title cosine ≥ 0.6. */
const TITLE_MIN_ESTIMATE = 0.2;

/** What the place postings list a representative under: its places and the jurisdiction it is about. */
function postingCores(profile: DocProfile): string[] {
  return profile.places.filter((p) => p.kind !== 'district').map((p) => p.core).concat(profile.districts.filter(isJurisdiction));
}

/** A candidate this far below the best near-duplicate's Jaccard in MinHash estimate is not verified (4 standard errors of a 64-position estimate at 0.5). */
const NEAR_DUPLICATE_MARGIN = 0.25;
/**
 * Candidate clusters verified per demand (each may cost a cold profile, ~0.25 ms). Dev gold, ranked: 8, 12, 16 and
 * unlimited give the same P/R/B-cubed; 4 loses recall (0.9237 → 0.9197), 1 more (0.8554).
 */
const VERIFY_BUDGET = 12;

/**
 * A ticket is described by at most this many representative texts. A hot issue (40 reports of one
 * estate's batching plant) is worded many ways; all shared messages: 8 → 16 lets 2 more reports
 * join their issue (both right) and changes no other join; the dev gold is unchanged.
 */
export const MAX_REPRESENTATIVES = 16;
/** A member becomes a representative only when its wording is new (3-gram Jaccard to every representative below this). */
const NOVEL_WORDING = 0.5;

/**
 * In-memory same-issue merger. A demand joins the cluster whose REPRESENTATIVES it matches: the
 * first demand (the ticket's identity: its core places must not conflict) or one of up to 15
 * later, differently worded members that matched the cluster themselves; matching an ordinary
 * member is not enough, so A≈B≈C never chains an unrelated A and C. Candidates come from MinHash
 * LSH (wording, title) and from place postings (same place, other wording); every candidate
 * representative is verified by `decide`.
 */
export class MergeEngine {
  private readonly gazetteer: Gazetteer;
  private readonly df = new DocumentFrequency();
  private readonly index: MinHashIndex;
  /** Second LSH over title bigrams: same-titled reports whose bodies share little wording. */
  private readonly titleIndex: MinHashIndex;
  private readonly postings = new PlacePostings();
  private readonly profiles = new ProfileCache();
  /**
   * Open clusters: each one's representatives (the first is the first demand, the ticket's identity;
   * later ones are differently worded members that matched it) and the union of its members' core
   * places (a follow-up naming the estate joins a cluster started without it).
   */
  private readonly clusters = new ClusterStore();
  /** Title-LSH slot → cluster number. */
  private titleSlotCluster = new Int32Array(1024);
  private readonly docCluster = new Map<string, string>();
  private readonly blocked = new Map<string, Set<string>>();
  private readonly regions = new Map<string, number>();
  private readonly windowMinutes: number;
  private readonly minEstimate: number;
  private readonly maxCandidates: number;
  private readonly verifyBudget: number;
  private readonly nearDuplicateStop: boolean;
  /** Work counters (cumulative), e.g. for the benchmark's account of slow merge steps. */
  readonly stats = { profilesBuilt: 0, candidateClusters: 0, comparisons: 0, vetoes: 0 };

  constructor(options: MergeEngineOptions = {}) {
    this.gazetteer = createGazetteer(options.gazetteer);
    this.index = new MinHashIndex(options.expectedClusters);
    this.titleIndex = new MinHashIndex(options.expectedClusters);
    this.windowMinutes = (options.windowDays ?? 365) * 24 * 60;
    this.minEstimate = options.minEstimate ?? 0.05;
    this.maxCandidates = options.maxCandidates ?? 32;
    this.verifyBudget = options.verifyBudget ?? VERIFY_BUDGET;
    this.nearDuplicateStop = options.nearDuplicateStop ?? true;
  }

  get clusterCount(): number {
    return this.clusters.size;
  }

  clusterOf(docId: string): string | undefined {
    return this.docCluster.get(docId);
  }

  /** match + commit in one step; a new cluster gets a random id. */
  add(doc: DemandDoc): MergeOutcome {
    const proposal = this.match(doc);
    return this.commit(proposal, proposal.best?.cluster.id ?? randomUUID());
  }

  /** Finds the cluster `doc` would join without changing any cluster (only document frequencies grow). */
  match(doc: DemandDoc, pre: Profiled = this.profile(doc)): Proposal {
    const { profile, signature, titleSignature } = pre;
    this.df.observe(profile.topic, []);
    return { doc, profile, signature, titleSignature, best: this.bestMatch(profile, signature, titleSignature) };
  }

  /** The expensive, index-independent part of `match` (normalising, places, n-grams, MinHash): run it before taking the merge lock. */
  profile(doc: DemandDoc): Profiled {
    const profile = buildProfile(doc, this.gazetteer);
    return { profile, signature: minhashSignature(profile.shingles), titleSignature: minhashSignature(profile.titleBigrams.hashes) };
  }

  /** Whether committing `proposal` makes its demand a representative of the cluster it joins. */
  wouldRepresent(proposal: Proposal): boolean {
    const c = proposal.best ? this.clusters.numberOf(proposal.best.cluster.id) : undefined;
    if (c === undefined) return true;
    if (proposal.best!.decision.rule === 'near-duplicate' || this.clusters.representativeCount(c) >= MAX_REPRESENTATIVES) return false;
    for (const slot of this.clusters.representatives(c)) {
      if (jaccard(this.profileOf(this.clusters.docAt(slot)).shingles, proposal.profile.shingles) >= NOVEL_WORDING) return false;
    }
    return true;
  }

  /** Counts a demand's n-grams and places in the document frequencies (e.g. while re-loading recent tickets). */
  observe(doc: DemandDoc): void {
    const profile = this.profileOf(doc);
    this.df.observe(profile.topic, []);
  }

  /** Applies a proposal: joins its best cluster, or opens cluster `clusterId` when there is none. */
  commit(proposal: Proposal, clusterId: string): MergeOutcome {
    const { doc, profile, best } = proposal;
    const c = best ? this.clusters.numberOf(best.cluster.id) : undefined;
    if (best && c !== undefined) {
      const novel = this.wouldRepresent(proposal);
      this.join(c, doc.id, specific(profile.corePlaces));
      if (novel) this.addRepresentative(c, doc, proposal.signature, proposal.titleSignature, profile);
      return { clusterId: best.cluster.id, created: false, representative: novel, score: best.decision.score, explanation: best.explanation };
    }
    this.open(clusterId, doc, profile, proposal.signature, proposal.titleSignature);
    // place frequency counts tickets, not demands: forty reports of one estate's issue keep the estate rare
    this.df.observePlaces(profile.places.map((p) => p.core));
    return { clusterId, created: true, representative: true, explanation: { score: 0, sharedPlaces: [], similarPassages: [], rule: 'new-ticket' } };
  }

  /**
   * Takes `doc` out of its cluster for good (a supervisor's split): its cluster id goes on the
   * doc's blocklist, then the doc is matched again and joins another cluster or opens its own.
   */
  split(doc: DemandDoc): MergeOutcome {
    this.detach(doc.id);
    return this.add(doc);
  }

  /** Removes a demand from its cluster (or `clusterId`) and never lets it rejoin that cluster (no re-matching). */
  detach(docId: string, clusterId = this.docCluster.get(docId)): void {
    if (!clusterId) return;
    const c = this.clusters.numberOf(clusterId);
    if (this.docCluster.get(docId) === clusterId) this.docCluster.delete(docId);
    this.exclude(docId, clusterId);
    if (c === undefined) return;
    // the first report stays: it is the ticket's identity
    for (let slot = this.clusters.nextRepresentative(this.clusters.firstRepresentative(c)); slot >= 0; slot = this.clusters.nextRepresentative(slot)) {
      if (this.clusters.docAt(slot).id !== docId) continue;
      this.index.remove(slot);
      this.titleIndex.remove(this.clusters.titleSlotOf(slot));
      this.clusters.removeRepresentative(c, slot);
      return;
    }
  }

  /** `docId` may never join `clusterId` again. */
  exclude(docId: string, clusterId: string): void {
    this.blocked.set(docId, new Set([...(this.blocked.get(docId) ?? []), clusterId]));
  }

  /** What to persist for a representative so `load` can rebuild the index without profiling it. */
  prepare(doc: DemandDoc, known?: Profiled): PreparedRepresentative {
    // the profile `match` used, when given, is kept for later comparisons instead of rebuilt
    if (known) this.profiles.put(doc, known.profile);
    const profile = this.profileOf(doc);
    return {
      representative: doc,
      signature: known?.signature ?? minhashSignature(profile.shingles),
      titleSignature: known?.titleSignature ?? minhashSignature(profile.titleBigrams.hashes),
      places: specific(profile.corePlaces),
      postingCores: postingCores(profile),
    };
  }

  /**
   * Re-indexes one persisted representative (no profile is built; it is built lazily when
   * verified). The first `load` of a cluster id opens it; later ones add representatives.
   */
  load(stored: StoredCluster): void {
    const c = this.clusters.numberOf(stored.clusterId) ?? this.clusters.open(stored.clusterId);
    if (this.clusters.representativeCount(c) < MAX_REPRESENTATIVES && !this.hasRepresentative(c, stored.representative.id)) {
      this.indexRepresentative(c, stored.representative, stored.signature, stored.titleSignature);
      this.postings.add(stored.clusterId, stored.postingCores);
    }
    if (this.clusters.representativeCount(c) === 1) this.df.observePlaces(stored.postingCores);
    this.join(c, stored.representative.id, stored.places);
    for (const member of stored.memberIds) this.join(c, member, []);
  }

  /** Records a member that is not a representative (e.g. replayed from the database). */
  loadMember(clusterId: string, docId: string, places: Place[] = []): void {
    const c = this.clusters.numberOf(clusterId);
    if (c !== undefined) this.join(c, docId, places);
  }

  /** A closed (or merged-away) ticket stops attracting demands and frees its index slots. */
  close(clusterId: string): void {
    const c = this.clusters.numberOf(clusterId);
    if (c === undefined) return;
    for (const slot of this.clusters.representatives(c)) {
      this.index.remove(slot);
      this.titleIndex.remove(this.clusters.titleSlotOf(slot));
    }
    this.postings.remove(clusterId, this.clusters.placesOf(c).map((p) => p.core));
    this.clusters.close(c);
  }

  hasCluster(clusterId: string): boolean {
    return this.clusters.numberOf(clusterId) !== undefined;
  }

  /** The decision for two demands directly, as if `b` were a representative (for error review). */
  compare(a: DemandDoc, b: DemandDoc): MatchDecision & { sharedPlaces: string[] } {
    const features = compareProfiles(this.profileOf(a), this.profileOf(b), [], this.df);
    return { ...decide(features), sharedPlaces: features.shared.map((p) => p.name) };
  }

  /** The LSH index as a Buffer (signatures, times, regions), e.g. to persist next to the tickets. */
  exportIndex(): Buffer {
    return this.index.toBuffer();
  }

  private profileOf(doc: DemandDoc): DocProfile {
    return this.profiles.get(doc, (d) => {
      this.stats.profilesBuilt++;
      return buildProfile(d, this.gazetteer);
    });
  }

  /**
   * The ids of the best-ranked candidate clusters of a profiled demand (at most the verification
   * budget, best estimate first), without changing anything: e.g. to read their tickets in one
   * statement before deciding. Usually they include the cluster `match` picks; not always (match
   * passes over closed, blocked and out-of-window candidates without spending its budget), so a
   * caller must still be able to read a ticket it did not expect.
   */
  candidateIds(pre: Profiled): string[] {
    const { profile, signature, titleSignature } = pre;
    return this.ranked(this.candidates(profile, signature, titleSignature), signature)
      .slice(0, this.verifyBudget)
      .map(({ c }) => this.clusters.idOf(c));
  }

  private candidates(profile: DocProfile, signature: Uint32Array, titleSignature: Uint32Array): Set<number> {
    const block = { time: profile.time, windowMinutes: this.windowMinutes, region: this.regionId(profile.district), minEstimate: this.minEstimate };
    const hits = this.index.query({ ...block, signature }).slice(0, this.maxCandidates / 2);
    // candidate clusters in order: text LSH (best estimate first), title LSH, place postings
    const candidates = new Set(hits.map((h) => this.clusters.ownerOf(h.slot)));
    const titleHits = profile.titleBigrams.hashes.length > 0 ? this.titleIndex.query({ ...block, signature: titleSignature, minEstimate: TITLE_MIN_ESTIMATE }) : [];
    for (const h of titleHits.slice(0, this.maxCandidates / 4)) candidates.add(this.titleSlotCluster[h.slot]!);
    for (const id of this.postings.candidates(this.rareCores(profile), this.maxCandidates / 2)) {
      const c = this.clusters.numberOf(id);
      if (c !== undefined) candidates.add(c);
    }
    return candidates;
  }

  private bestMatch(profile: DocProfile, signature: Uint32Array, titleSignature: Uint32Array): Proposal['best'] {
    const candidates = this.candidates(profile, signature, titleSignature);
    const blocked = this.blocked.get(profile.id);
    this.stats.candidateClusters += candidates.size;
    let best: { c: number; decision: MatchDecision; explanation: MergeExplanation; rep: DocProfile; sim3: number } | undefined;
    let verified = 0;
    for (const { c, estimate } of this.ranked(candidates, signature)) {
      if (verified >= this.verifyBudget) break;
      // only a closer near-duplicate beats a near-duplicate (every other rule scores ≤ 0.9): a candidate whose estimated
      // Jaccard is far below the best one's true Jaccard cannot (candidates come best estimate first, so none after it can)
      if (this.nearDuplicateStop && best?.decision.rule === 'near-duplicate' && estimate < best.sim3 - NEAR_DUPLICATE_MARGIN) break;
      const first = this.clusters.firstRepresentative(c);
      if (first < 0 || blocked?.has(this.clusters.idOf(c)) || !this.inWindow(c, profile)) continue;
      verified++;
      const places = this.clusters.placesOf(c);
      const primary = this.profileOf(this.clusters.docAt(first));
      // the ticket's identity: a demand naming another place than the first report never joins
      if (placesConflict(profile.ownPlaces, profile.places, primary.ownPlaces, [...primary.places, ...places])) {
        this.stats.vetoes++;
        continue;
      }
      for (let slot = first; slot >= 0; slot = this.clusters.nextRepresentative(slot)) {
        const doc = this.clusters.docAt(slot);
        const rep = this.profileOf(doc);
        const { decision, shared } = matchProfiles(profile, rep, places, this.df);
        this.stats.comparisons++;
        if (decision.rule === 'district-conflict' || decision.rule === 'place-conflict') this.stats.vetoes++;
        if (!decision.same || (best && best.decision.score >= decision.score)) continue;
        const explanation = { score: decision.score, sharedPlaces: shared.map((p) => p.name), similarPassages: [] as string[], rule: decision.rule, representativeId: doc.id };
        best = { c, decision, explanation, rep, sim3: decision.rule === 'near-duplicate' ? jaccard(profile.shingles, rep.shingles) : 0 };
      }
    }
    if (best) best.explanation.similarPassages = similarPassages(profile.text, best.rep.text);
    return best && { cluster: { id: this.clusters.idOf(best.c) }, decision: best.decision, explanation: best.explanation };
  }

  /** Candidate clusters, highest estimated text Jaccard (MinHash, best representative) first; ties keep their order. */
  private ranked(candidates: Set<number>, signature: Uint32Array): Array<{ c: number; estimate: number }> {
    const out: Array<{ c: number; estimate: number }> = [];
    for (const c of candidates) {
      let estimate = 0;
      for (let slot = this.clusters.firstRepresentative(c); slot >= 0; slot = this.clusters.nextRepresentative(slot)) {
        estimate = Math.max(estimate, this.index.estimate(signature, slot));
      }
      out.push({ c, estimate });
    }
    return out.sort((x, y) => y.estimate - x.estimate);
  }

  private inWindow(c: number, profile: DocProfile): boolean {
    if (profile.time < 0) return true;
    for (const slot of this.clusters.representatives(c)) {
      const at = this.clusters.docAt(slot).occurredAt;
      if (!at || Math.abs(at.getTime() / 60_000 - profile.time) <= this.windowMinutes) return true;
    }
    return false;
  }

  private hasRepresentative(c: number, docId: string): boolean {
    for (const slot of this.clusters.representatives(c)) if (this.clusters.docAt(slot).id === docId) return true;
    return false;
  }

  /** Place cores rare enough to identify an issue (a generic word would return every cluster), rarest first. */
  private rareCores(profile: DocProfile): string[] {
    const limit = rarePlaceLimit(this.df);
    // the demand's own places count even when made of common words (自来水公司 of one town), as in `compareProfiles`
    const own = new Set(profile.corePlaces.map((p) => p.core));
    const rare = profile.places.filter((p) => p.kind !== 'district' && this.df.placeCount(p.core) <= limit && (own.has(p.core) || isNamedCore(p.core)));
    const cores = rare.map((p) => p.core).concat(profile.districts.filter((d) => isJurisdiction(d) && this.df.placeCount(d) <= limit));
    return cores.sort((a, b) => this.df.placeCount(a) - this.df.placeCount(b));
  }

  private open(id: string, doc: DemandDoc, profile: DocProfile, signature: Uint32Array, titleSignature: Uint32Array): void {
    const c = this.clusters.open(id);
    this.join(c, doc.id, specific(profile.corePlaces));
    this.addRepresentative(c, doc, signature, titleSignature, profile);
  }

  private addRepresentative(c: number, doc: DemandDoc, signature: Uint32Array, titleSignature: Uint32Array, profile: DocProfile): void {
    this.indexRepresentative(c, doc, signature, titleSignature);
    this.profiles.put(doc, profile);
    this.postings.add(this.clusters.idOf(c), postingCores(profile));
  }

  private indexRepresentative(c: number, doc: DemandDoc, signature: Uint32Array, titleSignature: Uint32Array): void {
    const region = this.regionId(doc.district ?? null);
    const time = doc.occurredAt ? Math.floor(doc.occurredAt.getTime() / 60_000) : UNKNOWN_TIME;
    const slot = this.index.add(signature, time, region);
    const titleSlot = this.titleIndex.add(titleSignature, time, region);
    if (titleSlot >= this.titleSlotCluster.length) this.titleSlotCluster = grow(this.titleSlotCluster, titleSlot, 0);
    this.titleSlotCluster[titleSlot] = c;
    this.clusters.addRepresentative(c, doc, slot, titleSlot);
  }

  private join(c: number, docId: string, corePlaces: Place[]): void {
    const id = this.clusters.idOf(c);
    this.docCluster.set(docId, id);
    if (corePlaces.length === 0) return;
    const known = this.clusters.placesOf(c);
    const fresh = corePlaces.filter((p) => !known.some((q) => q.name === p.name));
    this.clusters.addPlaces(c, fresh);
    this.postings.add(id, fresh.map((p) => p.core));
  }

  private regionId(district: string | null): number {
    if (!district) return UNKNOWN_REGION;
    let id = this.regions.get(district);
    if (id === undefined) this.regions.set(district, (id = this.regions.size));
    return id;
  }
}
