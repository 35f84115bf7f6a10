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

/**
 * A character JSON.stringify writes otherwise than as itself: `"`, `\`, a control character, or a
 * surrogate (escaped when lone). Most texts have none, and quoting them directly costs a third of
 * a JSON.stringify call; the others go through JSON.stringify, so the output is the same.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it. */
export const quoted = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

export function canonicalJson(value: JsonValue): string {
  return encode(value, 0);
}

function encode(v: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalEncodingError(`nested deeper than ${MAX_DEPTH}`);
  if (v === null || v === true || v === false) return String(v);
  if (typeof v === 'string') return quoted(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CanonicalEncodingError(`not a finite number: ${v}`);
    // Number::toString, which is what JSON.stringify writes (-0 included, as 0).
    return String(v);
  }
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + encode(v[i], depth + 1);
    return `${out}]`;
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const keys = Object.keys(v).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      out += `${i ? ',' : ''}${quoted(k)}:${encode((v as Record<string, unknown>)[k], depth + 1)}`;
    }
    return `${out}}`;
  }
  throw new CanonicalEncodingError(`not a JSON value: ${typeof v}`);
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
    if (Array.isArray(v)) {
      // A loop, not map: map would keep an array's holes, which JSON.stringify writes as null.
      const out: JsonValue[] = [];
      for (let i = 0; i < v.length; i++) out.push(walk(v[i], depth + 1) ?? null);
      return out;
    }
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const j = walk(x, depth + 1);
      if (j !== undefined) Object.defineProperty(out, k, { value: j, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(value, 0) ?? null;
}
