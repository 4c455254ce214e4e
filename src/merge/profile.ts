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
  /**
   * What a conflict is judged on: the core places, except that a title or lead naming only a road
   * (C4市月白公路被损毁, 地处银杉路与银星路交汇口) makes that road the demand's own place, and a village or estate inside a shared town counts
   * instead of the town (两个村 of one 乡 are two places).
   */
  ownPlaces: Place[];
  /** Districts named in the title (else the lead): the jurisdiction a policy question is about. */
  districts: string[];
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
  const title = normaliseText(unquoteNames(doc.title ?? ''));
  const content = normaliseText(unquoteNames(doc.content.slice(0, PROFILE_CHARS)));
  const full = `${title} ${content}`;
  // one extraction over title + content; title and lead places are those occurring there
  const located = gazetteer.locate(full);
  const places: Place[] = located.map(({ name, core, kind }) => ({ name, core, kind }));
  const within = (from: number, to: number) => places.filter((_, i) => located[i]!.at.some((x) => x >= from && x < to));
  const inTitle = within(0, title.length);
  const titlePlaces = specific(inTitle);
  const leadStart = title.length + 1;
  const lead = within(leadStart, leadStart + LEAD_CHARS);
  const corePlaces = titlePlaces.length > 0 ? titlePlaces : specific(lead);
  const roads = (ps: Place[]) => ps.filter((p) => p.kind === 'road');
  const districtsOf = (ps: Place[]) => ps.filter((p) => p.kind === 'district').map((p) => p.name);
  const titleDistricts = districtsOf(inTitle);
  const text = compact(full.trim());
  const byLength = [...places].sort((x, y) => y.name.length - x.name.length);
  const withoutPlaces = (t: string) => compact(byLength.reduce((acc, p) => acc.split(p.name).join(' '), t));
  let bigrams: NgramBag | undefined, titleBigrams: NgramBag | undefined;
  return {
    id: doc.id,
    text,
    shingles: ngramSet(text, SHINGLE),
    // built on first use: a representative seldom needs them (near-duplicate containment, the same-title rule)
    get bigrams() {
      return (bigrams ??= ngramBag(text, 2));
    },
    get titleBigrams() {
      return (titleBigrams ??= ngramBag(compact(title), 2));
    },
    titleTopic: ngramBag(withoutPlaces(title), 2),
    topic: ngramBag(withoutPlaces(full), 2),
    places,
    corePlaces,
    ownPlaces: finest(ownPlaces(titlePlaces, roads(inTitle), specific(lead), roads(lead))),
    districts: titleDistricts.length > 0 ? titleDistricts : districtsOf(lead),
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

/** A town (街道, 镇, 乡) names a whole area: when a finer place is named with it, the finer one is the demand's own. */
export function isTown(p: Place): boolean {
  return p.kind === 'admin' && /(街道|镇|乡)$/.test(p.name);
}

/** The most specific places named first: the title's, else the lead's; a road only where no estate, village or organisation is named. */
function ownPlaces(...levels: Place[][]): Place[] {
  return levels.find((ps) => ps.length > 0) ?? [];
}

function finest(places: Place[]): Place[] {
  const finer = places.filter((p) => !isTown(p));
  return finer.length > 0 ? finer : places;
}

/** “恒大城”小区: a quoted name followed by its suffix is one name (quotes would otherwise cut it off). */
const QUOTED_NAME = /[“"「『]([^“”"「」『』\s]{2,12})[”"」』](?=小区|楼盘|项目|花园|家园|大厦|公寓|学校|医院|公司)/g;

function unquoteNames(text: string): string {
  return text.replace(QUOTED_NAME, '$1');
}

/** The first 60 characters of the content, where a letter usually says where it is about. */
const LEAD_CHARS = 60;
