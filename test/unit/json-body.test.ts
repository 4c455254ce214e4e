import { describe, expect, it } from 'vitest';
import { BodyError, nestingDepth, parseJsonBody } from '../../src/http/json-body.ts';

function bodyError(body: Buffer): BodyError {
  try {
    parseJsonBody(body);
  } catch (error) {
    if (error instanceof BodyError) return error;
    throw error;
  }
  throw new Error('expected a BodyError');
}

describe('parseJsonBody', () => {
  it('parses a UTF-8 JSON body', () => {
    expect(parseJsonBody(Buffer.from('{"content":"路灯坏了","n":[1,2]}'))).toEqual({ content: '路灯坏了', n: [1, 2] });
  });

  it('rejects invalid UTF-8 with 400 invalid_utf8', () => {
    const error = bodyError(Buffer.from([0x7b, 0xff, 0x7d]));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_utf8');
  });

  it('rejects a truncated multi-byte sequence', () => {
    const bytes = Buffer.from('{"a":"路"}');
    expect(bodyError(bytes.subarray(0, bytes.length - 3)).code).toBe('invalid_utf8');
  });

  it('rejects an empty or blank body', () => {
    expect(bodyError(Buffer.alloc(0)).code).toBe('empty_body');
    expect(bodyError(Buffer.from('  \n ')).code).toBe('empty_body');
  });

  it('rejects invalid JSON with 400 invalid_json', () => {
    const error = bodyError(Buffer.from('{"a":'));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_json');
  });

  it('rejects very deep nesting quickly, without overflowing the stack', () => {
    const started = performance.now();
    const error = bodyError(Buffer.from('['.repeat(100_000)));
    expect(error.code).toBe('too_deep');
    expect(error.statusCode).toBe(400);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts 32 levels and rejects 33', () => {
    expect(parseJsonBody(Buffer.from(`${'['.repeat(32)}${']'.repeat(32)}`))).toBeInstanceOf(Array);
    expect(bodyError(Buffer.from(`${'['.repeat(33)}${']'.repeat(33)}`)).code).toBe('too_deep');
  });

  it('does not count brackets inside strings', () => {
    const text = JSON.stringify({ note: '['.repeat(100) + '{'.repeat(100), quoted: 'say "[[[[" \\ [' });
    expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
  });
});

describe('nestingDepth', () => {
  it('counts object and array depth outside strings', () => {
    expect(nestingDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(nestingDepth('"[[[["')).toBe(0);
    expect(nestingDepth('["\\"[[", [1]]')).toBe(2);
  });
});
