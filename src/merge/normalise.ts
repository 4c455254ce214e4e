import * as OpenCC from 'opencc-js';
import { replacePersonalNumbers } from '../privacy/mask.ts';
import { convertChangedRuns } from './traditional-chars.ts';

/** Created once: building the converter loads its dictionaries (~50 ms). */
/** Most texts are simplified already: only the runs holding a character the conversion changes are converted (same result). */
const toSimplified = convertChangedRuns(OpenCC.Converter({ from: 'tw', to: 'cn' }));

const PUNCTUATION_AND_SPACE = /[\p{P}\p{S}\p{Z}\p{Cc}\s]+/gu;
/** Stands for any personal number (phone, ID, masked run) so two callers' numbers never differ. */
export const NUMBER_PLACEHOLDER = '\uE000'; // private-use: neither punctuation nor text

/**
 * Normalised text for same-issue matching: NFKC (full-width → half-width), traditional →
 * simplified, personal numbers replaced by one placeholder, latin lower-cased, and every run of
 * punctuation/symbols/whitespace collapsed to one space. The spaces are kept as clause
 * boundaries for place extraction; `compact` drops them for n-gram similarity.
 */
export function normaliseText(text: string): string {
  const folded = toSimplified(text.normalize('NFKC'));
  return replacePersonalNumbers(folded, ` ${NUMBER_PLACEHOLDER} `)
    .toLowerCase()
    .replace(PUNCTUATION_AND_SPACE, ' ')
    .trim();
}

/** The normalised text without clause boundaries. */
export function compact(normalised: string): string {
  return normalised.replace(/ /g, '');
}
