import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets } from './find-secrets.js';
import { redactText, redactValue } from './redact.js';

const GH = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';

/** Secrets of several kinds, generated rather than fixed, so the property covers many spellings. */
const alnum = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), minLength: min, maxLength: max });
const upperDigits = (n: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: n, maxLength: n });
const secretArb = fc.oneof(
  upperDigits(16).map((s) => `AKIA${s}`),
  alnum(36, 40).map((s) => `ghp_${s}`),
  alnum(24, 40).map((s) => `sk_live_${s}`),
  alnum(20, 40).map((s) => `glpat-${s}`),
  fc.tuple(alnum(10, 20), alnum(10, 40), alnum(20, 43)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`),
  fc.tuple(alnum(3, 8), alnum(8, 16)).map(([u, p]) => `postgres://${u}:${p}9x@db.example.net/app`),
);
const fillerArb = fc.string({ unit: fc.constantFrom(...'abc xyz,.;:=-_/\n"\''), maxLength: 30 });

describe('redactText', () => {
  it('replaces each secret with a marker naming its kind and keeps the rest', () => {
    expect(redactText(`token ${GH} and AKIAZ3MSJV5NR7QWXY12.`)).toBe('token [REDACTED:github_token] and [REDACTED:aws_access_key_id].');
    expect(redactText('postgres://admin:s3cr3tP4ss@db/app')).toBe('postgres://admin:[REDACTED:connection_password]@db/app');
    expect(redactText('nothing to see')).toBe('nothing to see');
  });

  it('redacts passwords that merely contain xxx', () => {
    expect(redactText('postgres://app:XXxA7bQ2zK9x@db/app')).toBe('postgres://app:[REDACTED:connection_password]@db/app');
  });

  it('never leaves a secret it was given behind', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fillerArb, secretArb), { minLength: 1, maxLength: 5 }), (parts) => {
      const text = parts.map(([f, s]) => `${f} ${s} `).join('');
      const out = redactText(text);
      for (const [, s] of parts) expect(out).not.toContain(s);
    }), { numRuns: 300 });
  });

  it('leaves nothing findable, never throws, and is idempotent on any text', () => {
    const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.array(fc.oneof(secretArb, fillerArb, fc.constantFrom('password=', '"token": "', 'Authorization: Bearer ', '://u:', '@h', '-----BEGIN PRIVATE KEY-----', '[REDACTED:jwt]')), { maxLength: 12 }).map((a) => a.join('')));
    fc.assert(fc.property(anyText, (text) => {
      const once = redactText(text);
      expect(findSecrets(once)).toEqual([]);
      expect(redactText(once)).toBe(once);
    }), { numRuns: 1_000 });
  });

  it('redacts a megabyte', () => {
    const big = `${'lorem ipsum '.repeat(50_000)}${GH}${' dolor'.repeat(70_000)}`;
    expect(big.length).toBeGreaterThan(1_000_000);
    const out = redactText(big);
    expect(out).toContain('[REDACTED:github_token]');
    expect(out).not.toContain(GH);
    const value = JSON.stringify(redactValue({ big, inner: [JSON.stringify({ big })] }));
    expect(value).not.toContain(GH);
  });
});

describe('redactValue', () => {
  it('redacts every string at any depth and keeps keys and other values', () => {
    const input = { user: 'dev', n: 3, ok: true, nested: [{ auth: `Bearer ${GH}` }, null], env: { PASSWORD: 'Xk9#mQ2!vL7p' } };
    expect(redactValue(input)).toEqual({ user: 'dev', n: 3, ok: true, nested: [{ auth: 'Bearer [REDACTED:github_token]' }, null], env: { PASSWORD: '[REDACTED:assigned_secret]' } });
    expect(input.env.PASSWORD).toBe('Xk9#mQ2!vL7p');
  });

  it('replaces a string whole when only its escaped form holds the secret', () => {
    const escaped = encodeURIComponent(`{"k": "${GH}"}`).replace(/_/g, '%5F');
    expect(redactValue({ q: escaped })).toEqual({ q: '[REDACTED:github_token]' });
  });

  it('stops at the depth limit with a marker instead of copying unread', () => {
    let deep: unknown = GH;
    for (let i = 0; i < 200; i++) deep = { d: deep };
    expect(JSON.stringify(redactValue(deep))).toContain('[REDACTED:too_deep]');
    expect(JSON.stringify(redactValue(deep))).not.toContain(GH);
  });

  it('never throws and never lets a generated secret through, whatever the shape', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), secretArb, (json, secret) => {
      const out = JSON.stringify(redactValue({ data: json, hidden: [secret], [`k ${secret}`]: 1 }));
      expect(out).not.toContain(secret);
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.anything(), (v) => { redactValue(v); }), { numRuns: 300 });
  });

  it('is idempotent', () => {
    const withSecrets = fc.jsonValue({ maxDepth: 3 }).chain((json) => secretArb.map((s) => ({ json, s: `x=${s}`, password: 'Xk9#mQ2!vL7p' })));
    fc.assert(fc.property(withSecrets, (v) => {
      const once = redactValue(v);
      expect(redactValue(once)).toEqual(once);
    }), { numRuns: 300 });
  });
});
