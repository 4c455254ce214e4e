import { UNKNOWN_TIME } from './minhash-index.ts';
import { compact, normaliseText } from './normalise.ts';
import { ngramBag, ngramSet, type NgramBag } from './ngrams.ts';
import type { Gazetteer, Place } from './places.ts';

export interface DemandDoc {
  id: string;
  title?: string;
  content: string;
  /** null: time unknown (e.g. a re-imported letter without date); such a demand is never time-blocked. */
  occurredAt: Date | null;
  district?: string | null;
  category?: string | null;
  reporterHash?: string | null;
}

/** Everything the matcher compares, computed once per demand. */
export interface DocProfile {
  id: string;
  /** Normalised title + content without clause boundaries. */
  text: string;
  shingles: Uint32Array;
  bigrams: NgramBag;
  titleBigrams: NgramBag;
  /** Title bigrams without place names. */
  titleTopic: NgramBag;
  /** Bigrams of the text with every place name removed: what the problem is, not where. */
  topic: NgramBag;
  places: Place[];
  /** Places named in the title, or else in the first clause of the content: the demand's own place. */
  corePlaces: Place[];
  time: number;
  district: string | null;
  category: string | null;
  reporterHash: string | null;
}

const SHINGLE = 3;
/**
 * Only the first characters of a long letter are profiled: a letter states its place and problem
 * early, and a 10,000-character petition would otherwise cost tens of milliseconds per comparison.
 */
export const PROFILE_CHARS = 1_500;

export function buildProfile(doc: DemandDoc, gazetteer: Gazetteer): DocProfile {
  const title = normaliseText(doc.title ?? '');
  const content = normaliseText(doc.content.slice(0, PROFILE_CHARS));
  const full = `${title} ${content}`.trim();
  const places = gazetteer.extract(full);
  const titlePlaces = specific(gazetteer.extract(title));
  const corePlaces = titlePlaces.length > 0 ? titlePlaces : specific(gazetteer.extract(leadClauses(content)));
  const text = compact(full);
  const byLength = [...places].sort((x, y) => y.name.length - x.name.length);
  const withoutPlaces = (t: string) => compact(byLength.reduce((acc, p) => acc.split(p.name).join(' '), t));
  return {
    id: doc.id,
    text,
    shingles: ngramSet(text, SHINGLE),
    bigrams: ngramBag(text, 2),
    titleBigrams: ngramBag(compact(title), 2),
    titleTopic: ngramBag(withoutPlaces(title), 2),
    topic: ngramBag(withoutPlaces(full), 2),
    places,
    corePlaces,
    time: doc.occurredAt ? Math.floor(doc.occurredAt.getTime() / 60_000) : UNKNOWN_TIME,
    district: doc.district ?? null,
    category: doc.category ?? null,
    reporterHash: doc.reporterHash ?? null,
  };
}

/** Places that name one concrete thing (not districts, not roads that many issues share). */
export function specific(places: Place[]): Place[] {
  return places.filter((p) => p.kind !== 'district' && p.kind !== 'road');
}

/** The first 60 characters of the content, where a letter usually says where it is about. */
function leadClauses(content: string): string {
  return content.slice(0, 60);
}
