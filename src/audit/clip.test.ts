import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactValue } from '../core/detect/redact.js';
import { toJsonValue } from './canonical.js';
import { clipValue, LOG_CLIP, redactedClipped, type ClipLimits } from './clip.js';

const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJklmnopqr';
const AWS = 'AKIAIOSFODNN7EXAMPLE';
/** Redacting, clipping, making JSON and redacting again: what the log stored before the one-pass path. */
const twoPasses = (v: unknown, l: ClipLimits): unknown => redactValue(toJsonValue(clipValue(redactValue(v), l)));

const SMALL: ClipLimits = { maxString: 12, maxItems: 3, maxDepth: 3 };

describe('redactedClipped', () => {
  it('keeps plain arguments as they are, in a copy', () => {
    const args = { path: '/tmp/x', options: { depth: 2, tags: ['a', 'b'], on: true, none: null } };
    const out = redactedClipped(args, LOG_CLIP);
    expect(out).toEqual(args);
    expect(out).not.toBe(args);
  });

  it('redacts secrets, also in keys, in JSON inside strings and under secret-looking names', () => {
    const out = JSON.stringify(redactedClipped({ [`k ${TOKEN}`]: 1, body: JSON.stringify({ auth: `token ${TOKEN}` }), password: 'Zq8#rT2!pL9@xV4$', list: [AWS] }, LOG_CLIP));
    for (const secret of [TOKEN, AWS, 'Zq8#rT2!pL9@xV4$']) expect(out).not.toContain(secret);
  });

  it('clips long strings, long arrays, wide objects and deep nesting', () => {
    expect(redactedClipped({ s: 'x'.repeat(20), a: [1, 2, 3, 4, 5], o: { a: 1, b: 2, c: 3, d: 4 } }, SMALL)).toEqual({
      s: 'xxxxxxxxxxxx…[8 more characters]', a: [1, 2, 3, '[2 more items]'], o: { a: 1, b: 2, c: 3, '…': '1 more keys' },
    });
    expect(redactedClipped({ deep: { a: { b: { c: 1 } } } }, SMALL)).toEqual({ deep: { a: { b: '[nested too deep]' } } });
  });

  it('gives what redacting, clipping and redacting again gives, for any value', () => {
    const leaf = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(TOKEN, `Bearer ${TOKEN}`, `aws ${AWS}`, `%22${TOKEN}%22`, JSON.stringify({ password: 'Zq8#rT2!pL9@xV4$' }), `${'x'.repeat(10)}${TOKEN}`, '-0', '…', '[nested too deep]'),
      fc.double(), fc.constant(-0), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(),
    );
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('password', 'apiKey', 'token', '__proto__', '…', `k ${TOKEN}`, `k [REDACTED:github_token]`));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(key, tie('node'), { maxKeys: 5 })),
    })).node;
    for (const limits of [SMALL, LOG_CLIP]) {
      fc.assert(fc.property(value, (v) => {
        expect(redactedClipped(v, limits)).toEqual(twoPasses(v, limits));
      }), { numRuns: 2_000 });
    }
  });

  it('gives the same for values JSON.parse made', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (text) => {
      const v = JSON.parse(text) as unknown;
      expect(redactedClipped(v, SMALL)).toEqual(twoPasses(v, SMALL));
      expect(redactedClipped(v, LOG_CLIP)).toEqual(twoPasses(v, LOG_CLIP));
    }), { numRuns: 2_000 });
  });
});
