import { createHash } from 'node:crypto';
import { replacePersonalNumbers } from '../privacy/mask.ts';

const PUNCTUATION_AND_SPACE = /[\p{P}\p{S}\p{Z}\s]+/gu;

/**
 * Canonical form for exact-duplicate detection: NFKC folds full-width to half-width,
 * personal numbers (clear or masked) become one placeholder, so two reports differing
 * only in the caller's phone match;
 * punctuation, symbols and whitespace are dropped, latin is lower-cased.
 */
export function canonicalText(text: string): string {
  return replacePersonalNumbers(text.normalize('NFKC'), '#').replace(PUNCTUATION_AND_SPACE, '').toLowerCase();
}

export function textHash(content: string): string {
  // the title is left out on purpose: channels title the same complaint differently
  return createHash('sha256').update(canonicalText(content)).digest('base64url');
}

/** Cleans display text: NFC, collapsed whitespace, control characters removed. */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g, '')
    .replace(/[ \t\u00A0\u3000]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
