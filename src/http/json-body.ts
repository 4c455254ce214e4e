/** Request bodies: strict UTF-8, JSON, bounded nesting. Errors carry an HTTP status. */
export class BodyError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

const MAX_DEPTH = 32;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new BodyError(400, 'invalid_utf8', 'request body is not valid UTF-8');
  }
  if (text.trim() === '') throw new BodyError(400, 'empty_body', 'request body is empty');
  if (nestingDepth(text) > MAX_DEPTH) throw new BodyError(400, 'too_deep', `JSON nesting deeper than ${MAX_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Maximum bracket depth outside strings, computed without parsing (guards JSON bombs). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escapes the next char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}
