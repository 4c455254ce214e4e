import { replacePersonalNumbers } from '../privacy/mask.ts';

const PLACEHOLDER = '［已隐去］';

/**
 * Free text without any personal data, not even masked: phone and ID numbers (clear or
 * masked) and masked names (王**) become a placeholder. For analysts and for drafts.
 */
export function redactPersonal(text: string): string {
  return replacePersonalNumbers(text, PLACEHOLDER)
    .replace(/[\p{Script=Han}A-Za-z]\*+/gu, PLACEHOLDER)
    .replace(/\*{2,}/g, PLACEHOLDER);
}
