import { describe, expect, it } from 'vitest';
import { canonicalText, cleanText, textHash } from '../../src/text/normalise-text.ts';

describe('canonicalText', () => {
  it('folds full-width letters and digits to half-width and lower-cases latin', () => {
    expect(canonicalText('ＡＢＣ１２３')).toBe('abc123');
    expect(canonicalText('ＡＢＣ１２３')).toBe(canonicalText('abc123'));
  });

  it('treats full-width and half-width punctuation alike', () => {
    expect(canonicalText('路灯坏了！（3个）')).toBe(canonicalText('路灯坏了! (3个)'));
  });

  it('drops punctuation, symbols and whitespace', () => {
    expect(canonicalText(' 小区 门口，垃圾！没人清理。\n 「急」 ')).toBe('小区门口垃圾没人清理急');
  });

  it('masks phone numbers so the clear number is gone', () => {
    expect(canonicalText('我的电话13812345678')).not.toContain('13812345678');
  });

  it('matches two texts that differ only in the caller phone number', () => {
    const a = canonicalText('小区门口垃圾堆积，请回电13812345678');
    const b = canonicalText('小区门口垃圾堆积，请回电15987654321');
    expect(a).toBe(b);
  });

  it('matches an already masked text with its clear original', () => {
    expect(canonicalText('请回电138****5678，谢谢')).toBe(canonicalText('请回电13812345678，谢谢'));
    expect(canonicalText('座机073*****2345')).toBe(canonicalText('座机0731-84512345'));
  });

  it('matches texts whose phones are written with full-width digits', () => {
    expect(canonicalText('请回电１３８１２３４５６７８')).toBe(canonicalText('请回电15987654321'));
  });

  it('keeps other numbers, such as house numbers and dates', () => {
    expect(canonicalText('3栋1201室，2020-01-06')).toBe('3栋1201室20200106');
  });

  it('keeps texts with different wording apart', () => {
    expect(canonicalText('小区门口垃圾堆积')).not.toBe(canonicalText('小区后门垃圾堆积'));
  });
});

describe('textHash', () => {
  it('is equal for texts with the same canonical form', () => {
    expect(textHash('路灯坏了！ＡＢＣ')).toBe(textHash('路灯坏了 abc'));
  });

  it('differs for different texts', () => {
    expect(textHash('路灯坏了')).not.toBe(textHash('路灯亮了'));
  });

  it('is a base64url SHA-256', () => {
    expect(textHash('路灯坏了')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('cleanText', () => {
  it('removes control characters and replacement characters', () => {
    expect(cleanText('a\u0000b\u0007c\u001Fd\u007Fe\uFFFD')).toBe('abcde');
  });

  it('turns ideographic spaces, no-break spaces and tabs into one space', () => {
    expect(cleanText('路灯\u3000\u3000坏了\u00A0\u00A0三天\t了')).toBe('路灯 坏了 三天 了');
  });

  it('trims and strips spaces around line breaks, keeping the breaks', () => {
    expect(cleanText('  第一行  \r\n   第二行 \n')).toBe('第一行\n第二行');
  });

  it('normalises to NFC', () => {
    expect(cleanText('e\u0301')).toBe('\u00E9');
  });
});
