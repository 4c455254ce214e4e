import { replacePersonalNumbers } from '../privacy/mask.ts';

const PLACEHOLDER = '［已隐去］';

/**
 * Free text without any personal data, not even masked: phone and ID numbers (clear or
 * masked) and masked names (王**) become a placeholder. For analysts and for drafts.
 */
export function redactPersonal(text: string, reporters: ReadonlyArray<string | null> = []): string {
  const names = redactReporters(text, reporters).replace(/[\p{Script=Han}A-Za-z]\*+(?!\d)/gu, PLACEHOLDER);
  return replacePersonalNumbers(names, PLACEHOLDER).replace(/\*+/g, PLACEHOLDER);
}

/**
 * Reporters' names written in the text itself (来电人赵大宝…): from each masked name (赵**)
 * we know the first character and the length, so every such run of Han characters goes.
 * Errs on the side of removing a few words too many.
 */
export function redactReporters(text: string, reporters: ReadonlyArray<string | null>, replacement?: (masked: string) => string): string {
  let out = text;
  for (const masked of new Set(reporters)) {
    const chars = masked ? [...masked] : [];
    if (chars.length < 2 || !/\p{Script=Han}/u.test(chars[0]!)) continue;
    const first = chars[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`${first}\\p{Script=Han}{${chars.length - 1}}`, 'gu'), replacement ? replacement(masked!) : PLACEHOLDER);
  }
  return out;
}

/** For members: a reporter's name written in the text is shown masked (赵大宝 → 赵**). */
export function maskReporters(text: string, reporters: ReadonlyArray<string | null>): string {
  return redactReporters(text, reporters, (masked) => masked);
}
