import type { Gazetteer } from './gazetteer.ts';

/** Where a demand is, as far as its text says; `evidence` lists what each part was read from. */
export interface Region {
  /** 区/县/county-level 市 (e.g. A3区, C4市); when only the prefecture is named, that (A市). */
  district?: string;
  /** 街道/镇/乡. */
  street?: string;
  /** 社区/村. */
  community?: string;
  evidence: string[];
}

// Masked names of the anonymised data: a capital letter, digits and 区/县/市 is a district; a
// bare capital letter and 市 is the prefecture-level city. Not inside latin words or codes.
const MASKED_DISTRICT = /(?<![A-Za-z0-9])[A-Z]\d{1,2}[区县市]/u;
const MASKED_CITY = /(?<![A-Za-z0-9])[A-Z]市/u;
// A place name before 街道/镇/乡 or 社区/村 starts after a non-CJK character, an administrative
// unit or a short function word, and is 2–4 CJK characters long (the shortest that fits), none
// of them an administrative unit or a function word.
const NAME_START = String.raw`(?<=^|[^\p{Script=Han}]|[省市区县镇乡道在于的是从到和与、])`;
const NAME = String.raw`([^\P{Script=Han}省市区县镇乡村社街在于的是了和与及或从到对向]{2,4}?)`;
const STREET = new RegExp(`${NAME_START}${NAME}(街道|镇|乡)(?![村镇民亲下里间土])`, 'u');
const COMMUNITY = new RegExp(`${NAME_START}${NAME}(社区|村)(?![民委组庄里级])`, 'u');
// Words that end like a place but are not one (城乡, 家乡, 小镇, 城镇…).
const NOT_A_NAME = /[城家故老回下各每全本该小古集农]$|^(美丽|特色|整个|所在|附近)$/u;

function firstKnown(text: string, names: Iterable<[string, string]>): { at: number; name: string; canonical: string } | undefined {
  let best: { at: number; name: string; canonical: string } | undefined;
  for (const [name, canonical] of names) {
    const at = text.indexOf(name);
    if (at >= 0 && (!best || at < best.at || (at === best.at && name.length > best.name.length))) best = { at, name, canonical };
  }
  return best;
}

function placeName(text: string, pattern: RegExp): { name: string; at: number } | undefined {
  const global = new RegExp(pattern.source, 'gu');
  for (const match of text.matchAll(global)) {
    if (!NOT_A_NAME.test(match[1]!)) return { name: match[0], at: match.index };
  }
  return undefined;
}

/** Extracts district, street and community from a demand text, using the city's gazetteer. */
export function extractRegion(text: string, gazetteer: Gazetteer = {}): Region {
  const region: Region = { evidence: [] };
  const districtNames: [string, string][] = [
    ...(gazetteer.districts ?? []).map((name): [string, string] => [name, name]),
    ...Object.entries(gazetteer.aliases ?? {}),
  ];
  const known = firstKnown(text, districtNames);
  const masked = gazetteer.maskedNames === false ? undefined : MASKED_DISTRICT.exec(text);
  if (known) {
    region.district = known.canonical;
    region.evidence.push(`district "${known.name}" in the gazetteer`);
  } else if (masked) {
    region.district = masked[0];
    region.evidence.push(`masked district name "${masked[0]}"`);
  }
  const knownStreet = firstKnown(text, Object.keys(gazetteer.streets ?? {}).map((name): [string, string] => [name, name]));
  const street = knownStreet ? { name: knownStreet.name, at: knownStreet.at } : placeName(text, STREET);
  if (street) {
    region.street = street.name;
    region.evidence.push(`${knownStreet ? 'street in the gazetteer' : 'street name'} "${street.name}"`);
    const district = gazetteer.streets?.[street.name];
    if (district && !region.district) {
      region.district = district;
      region.evidence.push(`district of street "${street.name}" in the gazetteer`);
    }
  }
  const community = placeName(street ? text.slice(street.at) : text, COMMUNITY);
  if (community) {
    region.community = community.name;
    region.evidence.push(`community name "${community.name}"`);
  }
  const city = gazetteer.maskedNames === false ? undefined : MASKED_CITY.exec(text);
  if (!region.district && city) {
    region.district = city[0];
    region.evidence.push(`only the city is named: "${city[0]}"`);
  }
  return region;
}
