import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalEncodingError, toJsonValue } from './canonical.js';
import type { JsonValue } from './entry.js';

/** RFC 8785 the plain way, to hold the encoder to: JSON.stringify for every string and number. */
const reference = (v: unknown): string => {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
    .join(',')}}`;
};

/** JSON values whose texts are any UTF-16 (lone surrogates too) and whose numbers include the edge cases. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', '\u{1F600}', 'é', 'a') }),
    fc.constantFrom(0, -0, 1e21, 1e-7, 5e-7, 1e-6, 123456789012345680000, 5e-324, Number.MAX_VALUE, -1.5, 0.1, 4.5e15, 2 ** 53),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value as fc.Arbitrary<JsonValue>;

describe('canonical encoding', () => {
  it('sorts keys by UTF-16 code units and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], A: { z: {}, y: [] }, é: 0, '\u{1F600}': 1, '\uFFFF': 2 })).toBe(
      '{"A":{"y":[],"z":{}},"a":[true,null,"x"],"b":1,"é":0,"\u{1F600}":1,"\uFFFF":2}',
    );
  });

  it('writes numbers in their shortest round-trip form, as RFC 8785 does', () => {
    expect(canonicalJson([0, -0, 1, -1.5, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 4.5e15])).toBe('[0,0,1,-1.5,0.1,1e+21,1e-7,123456789012345680000,5e-324,4500000000000000]');
  });

  it('escapes control characters and lone surrogates, and nothing else', () => {
    expect(canonicalJson('a"b\\c\n\t\u0000\u001f\u007f\u2028é\ud800')).toBe('"a\\"b\\\\c\\n\\t\\u0000\\u001f\u007f\u2028é\\ud800"');
  });

  it('refuses what is not JSON', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson({ a: undefined } as unknown as JsonValue)).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson(new Date(0) as unknown as JsonValue)).toThrow(CanonicalEncodingError);
  });

  it('writes exactly what the plain JSON.stringify-based encoding writes', () => {
    fc.assert(
      fc.property(anyJson, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads back to the same text: parse then encode is the identity on encodings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(toJsonValue(v));
        expect(canonicalJson(JSON.parse(text) as JsonValue)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order members were written in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(toJsonValue(reversed))).toBe(canonicalJson(toJsonValue(o)));
      }),
    );
  });
});

describe('toJsonValue', () => {
  it('makes of any value what JSON.stringify would, without throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(toJsonValue({ u: undefined, f: () => 1, n: Number.POSITIVE_INFINITY, z: -0, b: 10n, d: new Date(0), l: [undefined, 1] })).toEqual({
      n: null,
      z: 0,
      b: '10',
      d: '1970-01-01T00:00:00.000Z',
      l: [null, 1],
    });
    expect(JSON.stringify(toJsonValue(cyclic, 4))).toBe('{"a":1,"self":{"a":1,"self":{"a":1,"self":{"a":1,"self":"[too deep]"}}}}');
    expect(toJsonValue(JSON.parse('{"__proto__":{"x":1}}'))).toEqual(JSON.parse('{"__proto__":{"x":1}}'));
  });

  it('writes the holes of a sparse array as null, as JSON.stringify does', () => {
    const sparse = [1, 2, 3];
    sparse.length = 0;
    sparse[0] = 1;
    sparse[2] = 3;
    expect(canonicalJson(toJsonValue({ a: sparse }))).toBe('{"a":[1,null,3]}');
    expect(canonicalJson(toJsonValue(new Array(2)))).toBe('[null,null]');
  });
});
