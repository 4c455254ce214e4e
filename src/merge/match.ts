import { DocumentFrequency, tfidfCosine } from './document-frequency.ts';
import { containment, jaccard } from './ngrams.ts';
import { placesConflict, samePlace, sharedPlaces } from './place-match.ts';
import { isNamedCore } from './place-filter.ts';
import type { Place } from './places.ts';
import { specific, type DocProfile } from './profile.ts';
import { districtsConflict, isJurisdiction } from './districts.ts';

/**
 * Thresholds, measured on the dev gold (397 pairs) with the features below. Each one sits in a gap
 * of the dev distributions, with the nearest dev pairs on either side noted.
 */
export const THRESHOLDS = {
  /** Near-duplicates: dev different pairs ≥ 0.5 are all template letters, caught by the place veto. */
  nearDuplicateSim3: 0.5,
  nearDuplicateContainment: 0.8,
  /**
   * A shared rare place plus this much problem overlap (bigram tf-idf cosine with place names
   * removed, of the whole text or the title). Same place, different problem on dev: ≤ 0.07;
   * same issue: mostly ≥ 0.1 (worded-differently follow-ups at 0.06–0.09 are missed).
   */
  sharedPlaceTopic: 0.1,
  /** A place named by at most this share of all demands (min 5) is rare enough to identify an issue. */
  rarePlaceShare: 0.005,
  /**
   * No place in common but the same rare jurisdiction (a county or city few tickets name, like a
   * rare place): the same policy point or local problem needs this much problem overlap. Dev: same
   * issue 0.38–0.43, different ≤ 0.05 (a common jurisdiction such as the capital never counts).
   */
  jurisdictionTopic: 0.3,
  /** No place in common: similar titles (cosine) and some problem overlap in the bodies. */
  titleCosine: 0.6,
  titleTopic: 0.15,
  /** No place in common: overall problem overlap alone. */
  topicOnly: 0.5,
  /**
   * Same reporter without a shared place: their own boilerplate inflates similarity, so only the
   * problem-text rule counts (dev: the same reporter's different requests have topic ≤ 0.35) ...
   */
  sameReporterTopic: 0.5,
  /** ... or a re-post under nearly the same title (place names removed) with some body overlap. */
  sameReporterTitle: 0.75,
  sameReporterTitleTopic: 0.25,
} as const;

export interface MatchFeatures {
  sim3: number;
  containment: number;
  cosine: number;
  titleCosine: number;
  topic: number;
  titleTopic: number;
  shared: Place[];
  conflict: boolean;
  sameReporter: boolean;
  districtConflict: boolean;
  /** The titles (else leads) name different jurisdictions: B市 vs D市, B市—A市 vs A市—C市. */
  jurisdictionConflict: boolean;
  /** Both titles (else leads) name the same rarely named county or city. */
  sharedJurisdiction: boolean;
}

export interface MatchDecision {
  same: boolean;
  score: number;
  rule: string;
}

/** `b` is a cluster's representative; `bPlaces` the union of the cluster's core places. */
export function compareProfiles(a: DocProfile, b: DocProfile, bPlaces: Place[], df: DocumentFrequency): MatchFeatures {
  const rareLimit = rarePlaceLimit(df);
  const sameReporter = a.reporterHash !== null && a.reporterHash === b.reporterHash;
  const aSpecific = a.places.filter((p) => p.kind !== 'district');
  const bSpecific = [...b.places, ...bPlaces].filter((p) => p.kind !== 'district');
  const sharedJurisdiction = sharesRareJurisdiction(a, b, rareLimit, df);
  return {
    sim3: jaccard(a.shingles, b.shingles),
    containment: containment(a.shingles, b.shingles),
    cosine: tfidfCosine(a.bigrams, b.bigrams, df),
    titleCosine: tfidfCosine(a.titleBigrams, b.titleBigrams, df),
    topic: tfidfCosine(a.topic, b.topic, df),
    titleTopic: tfidfCosine(a.titleTopic, b.titleTopic, df),
    shared: withNamedInText(sharedPlaces(aSpecific, bSpecific).filter((p) => identifies(p, a, b, bPlaces, rareLimit, df, sharedJurisdiction)), a, b, bPlaces, rareLimit, df),
    // the representative's own places decide a conflict; the members' places only widen what counts as shared
    conflict: placesConflict(a.ownPlaces, a.places, b.ownPlaces, [...b.places, ...bPlaces]),
    sameReporter,
    districtConflict: a.district !== null && b.district !== null && a.district !== b.district,
    jurisdictionConflict: districtsConflict(a.districts, b.districts),
    sharedJurisdiction,
  };
}

/**
 * `decide(compareProfiles(a, b, bPlaces, df))` for the merge step, computing each feature only when
 * a rule reaches it (the vetoes first; the tf-idf cosines last). Same-issue results are identical
 * (rule, score, shared places); a not-same result keeps its rule but scores 0.
 */
export function matchProfiles(a: DocProfile, b: DocProfile, bPlaces: Place[], df: DocumentFrequency): { decision: MatchDecision; shared: Place[] } {
  const t = THRESHOLDS;
  const no = (rule: string) => ({ decision: { same: false, score: 0, rule }, shared: [] as Place[] });
  const yes = (score: number, rule: string) => ({ decision: { same: true, score, rule }, shared });
  if ((a.district !== null && b.district !== null && a.district !== b.district) || districtsConflict(a.districts, b.districts)) return no('district-conflict');
  const bAll = bPlaces.length > 0 ? [...b.places, ...bPlaces] : b.places;
  if (placesConflict(a.ownPlaces, a.places, b.ownPlaces, bAll)) return no('place-conflict');
  const rareLimit = rarePlaceLimit(df);
  const sharedJurisdiction = sharesRareJurisdiction(a, b, rareLimit, df);
  const shared = withNamedInText(
    sharedPlaces(a.places.filter((p) => p.kind !== 'district'), bAll.filter((p) => p.kind !== 'district')).filter((p) => identifies(p, a, b, bPlaces, rareLimit, df, sharedJurisdiction)),
    a, b, bPlaces, rareLimit, df,
  );
  const sim3 = jaccard(a.shingles, b.shingles);
  if (sim3 >= t.nearDuplicateSim3 || (containment(a.shingles, b.shingles) >= t.nearDuplicateContainment && tfidfCosine(a.bigrams, b.bigrams, df) >= t.nearDuplicateSim3)) {
    return yes(0.9 + 0.1 * sim3, 'near-duplicate');
  }
  let topicValue: number | undefined, titleTopicValue: number | undefined;
  const topic = () => (topicValue ??= tfidfCosine(a.topic, b.topic, df));
  const titleTopic = () => (titleTopicValue ??= tfidfCosine(a.titleTopic, b.titleTopic, df));
  if (shared.length > 0) {
    const problem = Math.max(topic(), titleTopic());
    return problem >= t.sharedPlaceTopic ? yes(0.5 + 0.4 * problem, 'shared-place-same-problem') : no('shared-place-other-problem');
  }
  const sameReporter = a.reporterHash !== null && a.reporterHash === b.reporterHash;
  if (sameReporter && titleTopic() >= t.sameReporterTitle && topic() >= t.sameReporterTitleTopic) return yes(0.4 + 0.4 * titleTopic(), 'same-reporter-same-title');
  if (sameReporter && topic() < t.sameReporterTopic) return no('same-reporter-other-topic');
  if (sharedJurisdiction) {
    const problem = Math.max(topic(), titleTopic());
    if (problem >= t.jurisdictionTopic) return yes(0.4 + 0.4 * problem, 'same-jurisdiction-same-problem');
  }
  if (topic() >= t.topicOnly) return yes(0.4 + 0.4 * topic(), 'same-problem-text');
  if (topic() >= t.titleTopic) {
    const titleCosine = tfidfCosine(a.titleBigrams, b.titleBigrams, df);
    if (titleCosine >= t.titleCosine) return yes(0.4 + 0.4 * titleCosine, 'same-title');
  }
  return no('not-similar');
}

/** Both titles (else leads) name the same rarely named county or city. */
function sharesRareJurisdiction(a: DocProfile, b: DocProfile, rareLimit: number, df: DocumentFrequency): boolean {
  return a.districts.some((d) => isJurisdiction(d) && b.districts.includes(d) && df.placeCount(d) <= rareLimit);
}

/**
 * Whether a shared place is evidence of one issue: a rarely named place that is a proper name or
 * either demand's own place; or a common facility (自来水公司, 人民医院, 文体中心) that both demands
 * name as their own place in the same rarely named county or city — M5市's 自来水公司 is one
 * organisation, whatever other towns' water companies do.
 */
function identifies(p: Place, a: DocProfile, b: DocProfile, bPlaces: Place[], rareLimit: number, df: DocumentFrequency, sharedJurisdiction: boolean): boolean {
  if (df.placeCount(p.core) <= rareLimit && (isNamedCore(p.core) || isCore(p, [a, b], bPlaces))) return true;
  return sharedJurisdiction && isCore(p, [a]) && isCore(p, [b], bPlaces);
}

/** Shorter names are too often part of other words to be looked up in a text. */
const MIN_LOOKUP_NAME = 3;

/**
 * `shared` plus the rare, named own places (title or lead) of either demand whose full name occurs
 * word for word in the other's text although its extraction missed it there (the segmenter cut
 * 泰达润景园 after a one-character verb): naming the place is what counts, not how it was parsed.
 */
function withNamedInText(shared: Place[], a: DocProfile, b: DocProfile, bPlaces: Place[], rareLimit: number, df: DocumentFrequency): Place[] {
  const found = (p: Place, text: string) =>
    p.name.length >= MIN_LOOKUP_NAME && text.includes(p.name) && !shared.some((q) => samePlace(p, q)) && df.placeCount(p.core) <= rareLimit && isNamedCore(p.core);
  const extra = [...specific(a.corePlaces).filter((p) => found(p, b.text)), ...specific([...b.corePlaces, ...bPlaces]).filter((p) => found(p, a.text))];
  if (extra.length === 0) return shared;
  const out = [...shared];
  for (const p of extra) if (!out.some((q) => q.name === p.name)) out.push(p);
  return out;
}

/** A place named in the title or lead of either demand (its own place), not in the body's boilerplate. */
function isCore(p: Place, docs: DocProfile[], more: Place[] = []): boolean {
  return [...docs.flatMap((d) => d.corePlaces), ...more].some((q) => samePlace(p, q));
}

export function rarePlaceLimit(df: DocumentFrequency): number {
  return Math.max(5, df.placeDocuments * THRESHOLDS.rarePlaceShare);
}

/** Rules in order; the first that applies decides. Category is deliberately not used (noisy labels). */
export function decide(f: MatchFeatures): MatchDecision {
  const t = THRESHOLDS;
  const problem = Math.max(f.topic, f.titleTopic);
  if (f.districtConflict || f.jurisdictionConflict) return { same: false, score: 0, rule: 'district-conflict' };
  if (f.conflict) return { same: false, score: 0, rule: 'place-conflict' };
  if (f.sim3 >= t.nearDuplicateSim3 || (f.containment >= t.nearDuplicateContainment && f.cosine >= t.nearDuplicateSim3)) {
    return { same: true, score: 0.9 + 0.1 * f.sim3, rule: 'near-duplicate' };
  }
  if (f.shared.length > 0) {
    const same = problem >= t.sharedPlaceTopic;
    return { same, score: 0.5 + 0.4 * problem, rule: same ? 'shared-place-same-problem' : 'shared-place-other-problem' };
  }
  if (f.sameReporter && f.titleTopic >= t.sameReporterTitle && f.topic >= t.sameReporterTitleTopic) {
    return { same: true, score: 0.4 + 0.4 * f.titleTopic, rule: 'same-reporter-same-title' };
  }
  if (f.sameReporter && f.topic < t.sameReporterTopic) return { same: false, score: f.topic, rule: 'same-reporter-other-topic' };
  if (f.sharedJurisdiction && problem >= t.jurisdictionTopic) {
    return { same: true, score: 0.4 + 0.4 * problem, rule: 'same-jurisdiction-same-problem' };
  }
  if (f.topic >= t.topicOnly) return { same: true, score: 0.4 + 0.4 * f.topic, rule: 'same-problem-text' };
  if (f.titleCosine >= t.titleCosine && f.topic >= t.titleTopic) {
    return { same: true, score: 0.4 + 0.4 * f.titleCosine, rule: 'same-title' };
  }
  return { same: false, score: Math.max(f.cosine, problem), rule: 'not-similar' };
}
