import { isNamedCore } from './place-filter.ts';
import type { Place } from './places.ts';

/**
 * Two spellings name the same place when their cores are equal or one ends with the other
 * (丽发新城 ~ 丽发小区 share 丽发; 鹏基诺亚山林小区 ~ 诺亚山林小区; 投诉滨河苑 ~ 滨河苑).
 */
export function samePlace(a: Place, b: Place): boolean {
  if (a.kind === 'district' || b.kind === 'district') return a.name === b.name;
  // a road is named with whatever area comes before it (星沙凉塘路 ~ 四区凉塘路): two characters before 路 decide
  if (a.kind === 'road' && b.kind === 'road') return commonSuffix(a.core, b.core) >= 2;
  const [short, long] = a.core.length <= b.core.length ? [a.core, b.core] : [b.core, a.core];
  return short.length >= 2 && long.endsWith(short);
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Places of `a` that some place of `b` also names (names of `a`, deduplicated). */
export function sharedPlaces(a: Place[], b: Place[]): Place[] {
  return a.filter((p) => b.some((q) => samePlace(p, q)));
}

/** Characters whose change makes another place (五一村/五二村, 东湖/西湖, 新村/老村), never a misspelling. */
const DISTINCTIVE = new Set([...'0123456789一二三四五六七八九十百东西南北中上下前后左右内外新老大小']);

/**
 * Two spellings of one name as citizens (and the masking of the data) write them: the same
 * characters in another order (山千/千山, 楚维/维楚), or one character swapped (江押/江垭, 汉王陵/国王陵)
 * — unless the swapped character is a number or direction.
 */
export function spellingVariant(a: Place, b: Place): boolean {
  if (a.kind === 'district' || b.kind === 'district' || a.core.length !== b.core.length || a.core.length < 2) return false;
  if ([...a.core].sort().join('') === [...b.core].sort().join('')) return a.core !== b.core;
  const diff = [...a.core].flatMap((ch, i) => (ch === b.core[i] ? [] : [i]));
  return diff.length === 1 && !DISTINCTIVE.has(a.core[diff[0]!]!) && !DISTINCTIVE.has(b.core[diff[0]!]!);
}

const sameOrVariant = (a: Place[], b: Place[]) => a.some((p) => b.some((q) => samePlace(p, q) || spellingVariant(p, q)));

/**
 * A conflict: both demands name their own place (core places) and neither one's identifying core
 * place occurs anywhere in the other, not even as a spelling variant. Template letters naming another
 * 小区 or school end here.
 */
export function placesConflict(aCore: Place[], aAll: Place[], bCore: Place[], bAll: Place[]): boolean {
  if (aCore.length === 0 || bCore.length === 0) return false;
  const [a, b] = [identifying(aCore), identifying(bCore)];
  return !sameOrVariant(a, bAll) && !sameOrVariant(b, aAll);
}

/**
 * The places that identify a demand: its named ones (恒大城小区) when it has any, not the generic
 * facility named with them (配套幼儿园, 自来水公司), which letters about many estates share.
 */
function identifying(core: Place[]): Place[] {
  const named = core.filter((p) => isNamedCore(p.core));
  return named.length > 0 ? named : core;
}
