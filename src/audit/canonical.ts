// The canonical encoding: the exact bytes an entry's hash and a checkpoint's signature cover.
//
// It is RFC 8785 (JSON Canonicalization Scheme) over JSON values:
// - values are null, true, false, finite numbers, strings, arrays and objects; anything else is
//   refused (entries pass through `toJsonValue` first);
// - no whitespace anywhere;
// - object members sorted by key, comparing UTF-16 code units; keys are unique;
// - strings as ECMAScript's JSON.stringify writes them: `"`, `\` and control characters escaped
//   (\b \f \n \r \t, the others as \u00xx), lone surrogates as \udxxx, every other character as
//   itself;
// - numbers as ECMAScript's Number::toString (the shortest form that reads back to the same
//   double; exponent form from 1e21 and below 1e-6), and -0 as 0;
// - the text is encoded as UTF-8, which is always well formed since lone surrogates are escaped.
//
// Parsing the encoding with JSON.parse and encoding again gives the same text, so a value stored
// as its encoding reads back to the same bytes in every store dialect.
import type { JsonValue } from './entry.js';

const MAX_DEPTH = 128;

export class CanonicalEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalEncodingError';
  }
}

export function canonicalJson(value: JsonValue): string {
  const walk = (v: unknown, depth: number): string => {
    if (depth > MAX_DEPTH) throw new CanonicalEncodingError(`nested deeper than ${MAX_DEPTH}`);
    if (v === null || v === true || v === false) return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new CanonicalEncodingError(`not a finite number: ${v}`);
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return `[${v.map((x) => walk(x, depth + 1)).join(',')}]`;
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
    }
    throw new CanonicalEncodingError(`not a JSON value: ${typeof v}`);
  };
  return walk(value, 0);
}

const TOO_DEEP = '[too deep]';

/**
 * Any value as the JSON value JSON.stringify would make of it: undefined members dropped (null in
 * arrays), non-finite numbers null, -0 as 0, bigints as strings, dates as ISO strings, other
 * objects by their own enumerable members. Branches past the depth limit become a marker string.
 */
export function toJsonValue(value: unknown, maxDepth = 64): JsonValue {
  const walk = (v: unknown, depth: number): JsonValue | undefined => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') return undefined;
    if (depth >= maxDepth) return TOO_DEEP;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1) ?? null);
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const j = walk(x, depth + 1);
      if (j !== undefined) Object.defineProperty(out, k, { value: j, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(value, 0) ?? null;
}
