/**
 * Jurisdictions of the masked 西地省 data: a city is a letter plus 市 (a市, k市), its districts and
 * counties carry the same letter and a number (a3区, k10县). A city and its own district are
 * compatible (A市 … A3区 is one place, narrowed); two districts, or two cities, are not.
 */
const MASKED = /^([a-z])(\d*)[市区县州]$/;
/** A letter-only 区 or 县 is no masked district but a zone of an estate or a park (f区, b区). */
const JURISDICTION = /^[a-z](\d+[区县]|\d*[市州])$/;

export function isJurisdiction(district: string): boolean {
  return JURISDICTION.test(district);
}

export function compatibleDistricts(a: string, b: string): boolean {
  if (a === b) return true;
  const [ma, mb] = [MASKED.exec(a), MASKED.exec(b)];
  if (!ma || !mb || ma[1] !== mb[1]) return false;
  return ma[2] === '' || mb[2] === '';
}

/**
 * Two demands are about different jurisdictions when each names some, and each names a
 * jurisdiction the other's are all incompatible with (the same policy carried out in B市 vs D市,
 * an early train B市—A市 vs A市—C市).
 */
export function districtsConflict(a: string[], b: string[]): boolean {
  const [ja, jb] = [a.filter((d) => JURISDICTION.test(d)), b.filter((d) => JURISDICTION.test(d))];
  if (ja.length === 0 || jb.length === 0) return false;
  const foreign = (xs: string[], ys: string[]) => xs.some((x) => !ys.some((y) => compatibleDistricts(x, y)));
  // both ways: a title that names one more district (K2区K1区北路 vs K1区北路) only narrows
  return foreign(ja, jb) && foreign(jb, ja);
}
