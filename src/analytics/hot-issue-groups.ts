import { normaliseText } from '../merge/normalise.ts';
import { isNamedCore } from '../merge/place-filter.ts';
import { createGazetteer, type Gazetteer } from '../merge/places.ts';
import { buildProfile } from '../merge/profile.ts';

/**
 * Hot issues (热点问题) above tickets. A ticket is one concrete problem (the MergeEngine's
 * same-issue rule); a hot issue is what a data set's official example calls one: the problems
 * of ONE named place or organisation in ONE first-level category within a time window (油烟 and
 * 噪音 of the shops under one estate; several differently worded reports about one college).
 *
 * Rule (no per-data-set tuning):
 *  1. Names: the specific places (not districts, roads or 镇/街道/社区/村 — areas that hold many
 *     unrelated issues, the region view's business) that a demand's title or lead names,
 *     as the MergeEngine extracts them (src/merge/places.ts). A name counts when its core is a
 *     named core (src/merge/place-filter.ts) or when it is an institution (school, hospital,
 *     organisation) qualified by an administrative prefix in the text ("A市经济学院": the
 *     city's college is one institution even though 经济 is a common word).
 *  2. Normalisation: administrative prefixes (西地省, A市, A3区, repeated) are removed.
 *  3. Abbreviations: a name that is the tail of longer names of the same category (经济学院 of
 *     涉外经济学院, 魅力之城小区 of 万科魅力之城小区) stands for the longer name only when every
 *     longer name is one chain (涉外经济学院 ⊂ …); if two different full names end with it
 *     (涉外经济学院 and 财政经济学院) it is ambiguous and links nothing — unless a ticket names
 *     it together with full names of only one of them (the merge stage found them one problem),
 *     which shows what the abbreviation means here. Two full names never meet because neither
 *     is the tail of the other.
 *  4. One name in two counties/districts is two places (碧桂园 of A7县 and of A8县: a developer's
 *     brand): tickets naming different districts (A5区, A7县; the city A市 is no district) do
 *     not meet; a ticket naming none joins a name's tickets only when they name one district.
 *  5. Tickets with the same resolved name and the same category are joined when the gap
 *     between one's last and the next one's first demand is at most `windowDays`.
 */

export interface GroupDemand {
  title?: string;
  content: string;
  occurredAt: Date | null;
  category: string | null;
}
export interface GroupTicket {
  id: string;
  demands: GroupDemand[];
}

const ADMIN_PREFIX = /^(?:[a-z]\d{0,2}[市区县州]|[\u4e00-\u9fa5]{1,3}省)/;
const INSTITUTION = new Set(['school', 'hospital', 'organisation']);

/** The name without its administrative prefixes: 西地省涉外经济学院 → 涉外经济学院. */
export function withoutAdminPrefix(name: string): string {
  let n = name;
  for (let m = ADMIN_PREFIX.exec(n); m && m[0].length < n.length; m = ADMIN_PREFIX.exec(n)) n = n.slice(m[0].length);
  return n;
}

let defaultGazetteer: Gazetteer | undefined;

/** The normalised names a demand is about (rule 1 and 2). */
export function issueNames(demand: Pick<GroupDemand, 'title' | 'content'>, gazetteer: Gazetteer = (defaultGazetteer ??= createGazetteer())): string[] {
  const profile = buildProfile({ id: '', title: demand.title ?? '', content: demand.content, occurredAt: null }, gazetteer);
  const text = normaliseText(`${demand.title ?? ''} ${demand.content.slice(0, 60)}`);
  const names = new Set<string>();
  for (const place of profile.corePlaces) {
    if (place.kind === 'admin') continue; // 镇, 街道, 社区, 村: areas with many unrelated issues, like districts
    const name = withoutAdminPrefix(place.name);
    const core = name.slice(0, name.length - (place.name.length - place.core.length));
    const qualified = INSTITUTION.has(place.kind) && (name !== place.name || new RegExp(`(?:[a-z]\\d{0,2}[市区县州]|省)${escape(place.name)}`).test(text));
    if (core.length >= 2 && (isNamedCore(core) || qualified)) names.add(name);
  }
  return [...names];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The most frequent non-null category of a ticket's demands. */
export function ticketCategory(demands: GroupDemand[]): string | null {
  const counts = new Map<string, number>();
  for (const d of demands) if (d.category) counts.set(d.category, (counts.get(d.category) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/**
 * Resolves each name to its full name among `all` (rule 3); undefined when ambiguous. `together`
 * are the name sets of single tickets: when an ambiguous abbreviation shares a ticket (one
 * concrete problem by the merge stage) with full names of exactly one chain, it stands for that
 * chain's full name (A市经济学院 reported together with A市涉外经济学院 as one problem).
 */
export function resolveNames(all: Iterable<string>, together: Iterable<Iterable<string>> = []): Map<string, string | undefined> {
  const names = [...new Set(all)];
  const resolved = new Map<string, string | undefined>();
  const chain = (list: string[]) => {
    const longest = [...list].sort((a, b) => b.length - a.length)[0];
    return longest !== undefined && list.every((o) => longest.endsWith(o)) ? longest : undefined;
  };
  const sets = [...together].map((t) => [...t]);
  for (const name of names) {
    const longer = names.filter((other) => other !== name && other.endsWith(name));
    if (longer.length === 0) resolved.set(name, name);
    else resolved.set(name, chain(longer) ?? chain([...new Set(sets.filter((s) => s.includes(name)).flatMap((s) => s.filter((o) => o !== name && o.endsWith(name))))]));
  }
  return resolved;
}

const COUNTY = /[a-z]\d{1,2}[区县]/g;

function mostFrequent(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** Rule 4: the tickets of one name split by district; those without one go with the only district. */
function byDistrict<T extends { district: string | null }>(members: T[]): T[][] {
  const parts = new Map<string | null, T[]>();
  for (const m of members) parts.set(m.district, [...(parts.get(m.district) ?? []), m]);
  const none = parts.get(null);
  const named = [...parts.entries()].filter(([d]) => d !== null).map(([, list]) => list);
  if (none && named.length === 1) return [[...named[0]!, ...none]];
  return none ? [...named, none] : named;
}

/** Groups tickets into hot issues (rules 1–5); returns lists of ticket ids, every ticket exactly once. */
export function groupTickets(tickets: GroupTicket[], { windowDays }: { windowDays: number }, gazetteer?: Gazetteer): string[][] {
  const parent = new Map(tickets.map((t) => [t.id, t.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const info = tickets.map((t) => {
    const names = new Set(t.demands.flatMap((d) => issueNames(d, gazetteer)));
    const times = t.demands.map((d) => d.occurredAt?.getTime()).filter((x): x is number => x !== undefined);
    const district = mostFrequent(t.demands.flatMap((d) => normaliseText(`${d.title ?? ''} ${d.content.slice(0, 60)}`).match(COUNTY) ?? []));
    return { id: t.id, category: ticketCategory(t.demands), names, district, first: Math.min(...times), last: Math.max(...times) };
  });
  const byCategory = new Map<string, typeof info>();
  for (const i of info) if (i.category && i.names.size > 0 && Number.isFinite(i.first)) byCategory.set(i.category, [...(byCategory.get(i.category) ?? []), i]);
  const window = windowDays * 86_400_000;
  for (const group of byCategory.values()) {
    const resolved = resolveNames(group.flatMap((i) => [...i.names]), group.map((i) => i.names));
    const byName = new Map<string, typeof info>();
    for (const i of group) {
      for (const n of new Set([...i.names].map((x) => resolved.get(x)).filter((x): x is string => x !== undefined))) byName.set(n, [...(byName.get(n) ?? []), i]);
    }
    for (const named of byName.values()) for (const members of byDistrict(named)) {
      members.sort((a, b) => a.first - b.first);
      let reach = members[0]!.last;
      for (let k = 1; k < members.length; k++) {
        const m = members[k]!;
        if (m.first - reach <= window) parent.set(find(m.id), find(members[k - 1]!.id));
        reach = Math.max(reach, m.last);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const t of tickets) groups.set(find(t.id), [...(groups.get(find(t.id)) ?? []), t.id]);
  return [...groups.values()];
}
