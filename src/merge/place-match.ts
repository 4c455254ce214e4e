import type { Place } from './places.ts';

/**
 * Two spellings name the same place when their cores are equal or one ends with the other
 * (丽发新城 ~ 丽发小区 share 丽发; 鹏基诺亚山林小区 ~ 诺亚山林小区; 投诉滨河苑 ~ 滨河苑).
 */
export function samePlace(a: Place, b: Place): boolean {
  if (a.kind === 'district' || b.kind === 'district') return a.name === b.name;
  const [short, long] = a.core.length <= b.core.length ? [a.core, b.core] : [b.core, a.core];
  return short.length >= 2 && long.endsWith(short);
}

/** Places of `a` that some place of `b` also names (names of `a`, deduplicated). */
export function sharedPlaces(a: Place[], b: Place[]): Place[] {
  return a.filter((p) => b.some((q) => samePlace(p, q)));
}

/**
 * A conflict: both demands name their own place (core places) and neither one's core place
 * occurs anywhere in the other. Template letters naming another 小区 or school end here.
 */
export function placesConflict(aCore: Place[], aAll: Place[], bCore: Place[], bAll: Place[]): boolean {
  if (aCore.length === 0 || bCore.length === 0) return false;
  return sharedPlaces(aCore, bAll).length === 0 && sharedPlaces(bCore, aAll).length === 0;
}
