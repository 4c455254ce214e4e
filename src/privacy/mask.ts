import { createHmac } from 'node:crypto';
import { maskNamesInText } from './mask-names.ts';

/** Mainland mobile numbers, landlines with area code, 18/15-digit ID numbers. */
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[- ]?\d{7,8}(?!\d)/g;
/** Any other run of 11+ digits (bank cards, account numbers). */
const LONG_NUMBER = /(?<!\d)\d{11,}(?!\d)/g;

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** 张三丰 → 张** ; Zhang San → Z******* */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskIdNumber(id: string): string {
  const s = id.trim();
  return s.length <= 4 ? '*'.repeat(s.length) : `${s.slice(0, 3)}${'*'.repeat(s.length - 5)}${s.slice(-2)}`;
}

/** Full-width digits (１３８…) as ASCII, so no number escapes the patterns below. */
export function foldDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** Masks phone numbers, ID numbers, long digit runs and names given after a marker inside free text. */
export function maskText(text: string): string {
  const numbersMasked = foldDigits(text)
    .replace(ID_NUMBER, (m) => maskIdNumber(m))
    .replace(MOBILE, (m) => maskPhone(m))
    .replace(LANDLINE, (m) => maskPhone(m))
    .replace(LONG_NUMBER, (m) => '*'.repeat(m.length));
  return maskNamesInText(numbersMasked, maskName);
}

/** Replaces every personal number (clear or already masked) with one placeholder, for comparing texts. */
export function replacePersonalNumbers(text: string, placeholder: string): string {
  return foldDigits(text)
    .replace(ID_NUMBER, placeholder)
    .replace(MOBILE, placeholder)
    .replace(LANDLINE, placeholder)
    .replace(LONG_NUMBER, placeholder)
    .replace(/[\dXx]*\*{2,}[\dXx]*/g, placeholder);
}

/** True when the text still holds something that looks like a phone or ID number. */
export function containsPersonalNumber(text: string): boolean {
  const folded = foldDigits(text);
  return [ID_NUMBER, MOBILE, LANDLINE, LONG_NUMBER].some((re) => {
    re.lastIndex = 0;
    return re.test(folded);
  });
}

/** Salted keyed hash for matching the same reporter without keeping the value. */
export function hashPersonal(salt: string, kind: string, value: string | undefined): string | undefined {
  const v = value?.replace(/\s+/g, '').toLowerCase();
  if (!v) return undefined;
  return createHmac('sha256', salt).update(`${kind}:${v}`).digest('base64url');
}
