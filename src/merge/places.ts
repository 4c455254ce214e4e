import { DEFAULT_STOP_WORDS, SUFFIX_KINDS, type GazetteerConfig, type PlaceKind } from './gazetteer.ts';
import { markNonNames } from './non-name-words.ts';

export interface Place {
  /** Normalised name including its suffix, e.g. 丽发新城, a3区, 楚郡未来实验学校. */
  name: string;
  /** The name without its suffix (what two spellings of one place share: 丽发新城 ~ 丽发小区). */
  core: string;
  kind: PlaceKind;
}

const MAX_PREFIX = 8;
const MIN_CORE = 2;
/** A masked district: a3区, c4市, a7县, k市 (text is lower-cased by normaliseText). */
const DISTRICT = /[a-z]\d{0,2}[市区县州]/g;

/** Characters that end a name when walking left from a suffix (function words, pronouns). */
const BOUNDARY = new Set([...'的在是于和与及或到从向对为把被给让将了我你他她们这那个位离距近旁至往请问说内']);

export interface Gazetteer {
  extract(normalised: string): Place[];
  /** Like `extract`, with the offsets where each place occurs (one jieba pass serves title, lead and body). */
  locate(normalised: string): LocatedPlace[];
}

export interface LocatedPlace extends Place {
  /** Start offsets of every occurrence in the text, ascending. */
  at: number[];
}

/** Builds the extractor for one city's configuration (defaults plus `config`). */
export function createGazetteer(config: GazetteerConfig = {}): Gazetteer {
  const stop = new Set([...DEFAULT_STOP_WORDS, ...(config.stopWords ?? [])]);
  const known = Object.entries(config.names ?? {}).sort((a, b) => b[0].length - a[0].length);
  return {
    extract: (text) => extractPlaces(text, stop, known).map(({ name, core, kind }) => ({ name, core, kind })),
    locate: (text) => extractPlaces(text, stop, known),
  };
}

function extractPlaces(text: string, stop: Set<string>, known: Array<[string, PlaceKind]>): LocatedPlace[] {
  const found = new Map<string, LocatedPlace>();
  const put = (name: string, core: string, kind: PlaceKind, start: number) => {
    const seen = found.get(name);
    if (seen) seen.at.push(start);
    else found.set(name, { name, core, kind, at: [start] });
  };
  const add = (name: string, core: string, kind: PlaceKind, start: number) => {
    if (core.length >= MIN_CORE && !stop.has(core) && !stop.has(name)) put(name, core, kind, start);
  };
  /** Positions where a name may start: 1 after a district or an earlier name, 2 inside or after a non-name word. */
  const floor = new Int32Array(text.length + 1);
  for (const m of text.matchAll(DISTRICT)) {
    put(m[0], m[0], 'district', m.index);
    floor[m.index + m[0].length] = 1;
  }
  for (const [name, kind] of known) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
      put(name, name, kind, i);
      floor[i + name.length] = 1;
    }
  }
  const suffixes: Array<readonly [number, readonly [string, PlaceKind]]> = [];
  for (let end = 1; end <= text.length; end++) {
    const suffix = suffixEndingAt(text, end);
    if (suffix) suffixes.push([end, suffix]);
  }
  // jieba cuts only the clauses where a suffix ends (a name never spans a clause boundary)
  let next = 0;
  markNonNames(text, floor, (from, to) => {
    while (next < suffixes.length && suffixes[next]![0] <= from) next++;
    return next < suffixes.length && suffixes[next]![0] <= to;
  });
  for (const [end, suffix] of suffixes) {
    const [word, kind] = suffix;
    const suffixStart = end - word.length;
    let start = suffixStart;
    // a non-name token overlapping the suffix itself (东/ns 四路/m) does not cut the name
    while (start > 0 && suffixStart - start < MAX_PREFIX && (floor[start] === 0 || (floor[start] === 2 && start === suffixStart))) {
      const ch = text[start - 1]!;
      if (ch === ' ' || BOUNDARY.has(ch)) break;
      start--;
    }
    const name = text.slice(start, end);
    add(name, text.slice(start, suffixStart), kind, start);
    floor[end] = 1;
  }
  const out = [...found.values()];
  for (const p of out) p.at.sort((x, y) => x - y);
  return out;
}

/** Suffixes by their last character, longest first, so each position costs one Map lookup. */
const SUFFIXES_BY_LAST_CHAR = new Map<string, Array<readonly [string, PlaceKind]>>();
for (const entry of SUFFIX_KINDS) {
  const last = entry[0][entry[0].length - 1]!;
  SUFFIXES_BY_LAST_CHAR.set(last, [...(SUFFIXES_BY_LAST_CHAR.get(last) ?? []), entry]);
}

/** Code units that end some suffix (most characters do not: one array read instead of a Map lookup). */
const SUFFIX_LAST = new Uint8Array(0x10000);
for (const last of SUFFIXES_BY_LAST_CHAR.keys()) SUFFIX_LAST[last.charCodeAt(0)] = 1;

function suffixEndingAt(text: string, end: number): readonly [string, PlaceKind] | undefined {
  if (!SUFFIX_LAST[text.charCodeAt(end - 1)]) return undefined;
  for (const entry of SUFFIXES_BY_LAST_CHAR.get(text[end - 1]!) ?? []) {
    const word = entry[0];
    if (end >= word.length && text.startsWith(word, end - word.length)) {
      // a longer word ending here (路口, 站点, 村民, 组织) is not this suffix
      const next = text[end];
      if (next !== undefined && NOT_A_SUFFIX_BEFORE.has(word[word.length - 1]! + next)) return undefined;
      if (word.length === 1 && NOT_A_SUFFIX_AFTER.has(text.slice(end - 2, end))) return undefined;
      return entry;
    }
  }
  return undefined;
}

/** Two-character words whose first character looks like a suffix (路口 is not 路 + 口). */
const NOT_A_SUFFIX_BEFORE = new Set([
  '路口', '路段', '路面', '路灯', '路线', '路边', '路况', '路人', '站点', '站台', '站长', '村民', '村委', '村级', '村干',
  '组织', '组长', '组成', '组民', '镇政', '镇长', '街头', '街边', '园区', '园林', '苑区', '府办', '厂家', '厂区', '厂房',
  '乡镇', '湾区', '园长', '府上', '乡亲', '乡下',
]);

/** Words ending in a one-character suffix that are not names (政府 is no 府, 校园 no 园). */
const NOT_A_SUFFIX_AFTER = new Set(['政府', '学府', '官府', '乐园', '校园', '田园', '果园', '菜园', '陵园', '墓园', '海湾', '家乡', '老乡', '故乡', '下乡', '回乡']);
