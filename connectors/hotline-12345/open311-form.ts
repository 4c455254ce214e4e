/** Request parameters of an Open311 POST, from a form-encoded or JSON body. */
export type Open311Params = Record<string, unknown> & { attribute?: Record<string, string | string[]> };

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/** application/x-www-form-urlencoded → fields (repeated keys become arrays). */
export function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (key === '__proto__') continue;
    const previous = fields[key];
    fields[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}

/**
 * Flat fields with `attribute[CODE]` / `attribute[CODE][]` keys (forms) or an `attribute`
 * object (JSON) → one shape, attributes gathered under `attribute`. Not an object → undefined.
 */
export function requestParams(body: unknown): Open311Params | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const params: Open311Params = {};
  const attribute: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const match = ATTRIBUTE_KEY.exec(key);
    if (key === '__proto__' || match?.[1] === '__proto__') continue;
    if (match) {
      const values = (Array.isArray(value) ? value : [value]).map(String);
      attribute[match[1]!] = match[2] ? values : values[values.length - 1]!;
    } else if (key === 'attribute' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value)) if (code !== '__proto__') attribute[code] = v as string | string[];
    } else {
      params[key] = Array.isArray(value) ? value[value.length - 1] : value;
    }
  }
  if (Object.keys(attribute).length > 0) params.attribute = attribute;
  return params;
}
