import fc from 'fast-check';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainBatch } from './chain-batch.js';
import { checkpointSignatureValid, signCheckpoint } from './checkpoint.js';
import type { AuditFields, JsonValue } from './entry.js';
import { chainHash, entryEncoding, entryEncodingByMembers, expectedHash, GENESIS_HASH } from './hash-chain.js';
import { normaliseEntry } from './normalise.js';
import { keyIdOf } from './host-key.js';

const fields: AuditFields = {
  type: 'command',
  host: 'dev-1',
  agent: 'claude-code',
  session: 's1',
  tool: 'Bash',
  cwd: '/work',
  binary: 'git',
  subject: 'git push --force',
  arguments: null,
  verdict: 'block',
  outcome: 'blocked',
  severity: 'high',
  role: 'dev',
  mode: 'enforce',
  rule: 'no-force-push',
  reason: 'force pushes rewrite shared history',
  latencyMs: 0.042,
  findings: [{ rule: 'git.force-push', severity: 'high', verdict: 'block', title: 'Force push' }],
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

describe('hash chain', () => {
  it('encodes an entry in one fixed form (a change here breaks every stored log)', () => {
    const encoding = entryEncoding(1, '2025-01-02T03:04:05.678Z', fields);
    expect(encoding).toBe(
      '{"agent":"claude-code","arguments":null,"binary":"git","cwd":"/work","findings":[{"rule":"git.force-push","severity":"high","title":"Force push","verdict":"block"}],' +
        '"host":"dev-1","latencyMs":0.042,"mode":"enforce","outcome":"blocked","reason":"force pushes rewrite shared history","role":"dev","rule":"no-force-push",' +
        '"seq":1,"session":"s1","severity":"high","subject":"git push --force","time":"2025-01-02T03:04:05.678Z","tool":"Bash","type":"command","v":1,"verdict":"block"}',
    );
    const golden = '0ca3b44707b9423a3b34320d01b72c7102a067c5b2cddb9560f9d24765f05b75';
    expect(chainHash(GENESIS_HASH, encoding)).toBe(golden);
    expect(createHash('sha256').update(Buffer.concat([Buffer.alloc(32), Buffer.from(encoding, 'utf8')])).digest('hex')).toBe(golden);
  });

  it('writes the encoding member by member exactly as canonicalising the members would', () => {
    const text = fc.option(fc.string({ unit: 'binary' }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({ subject: fc.string({ unit: 'binary' }), host: text, agent: text, cwd: text, reason: fc.string(), rule: text, arguments: fc.jsonValue(), latencyMs: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }) }),
        fc.array(fc.record({ rule: fc.string(), title: fc.string({ unit: 'binary' }), severity: fc.constantFrom('info' as const, 'high' as const), verdict: fc.constantFrom('flag' as const, 'block' as const) }), { maxLength: 3 }),
        fc.nat(),
        (over, findings, seq) => {
          const f = normaliseEntry({ ...fields, ...over, findings });
          expect(entryEncoding(seq, '2025-01-01T00:00:00.000Z', f)).toBe(entryEncodingByMembers(seq, '2025-01-01T00:00:00.000Z', f));
        },
      ),
    );
  });

  it('writes the encoding of any fields, unnormalised texts and edge-case numbers too, as canonicalising the members would', () => {
    const text = fc.option(fc.string({ unit: 'binary' }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          host: text, agent: text, session: text, tool: text, cwd: text, binary: text, subject: fc.string({ unit: 'binary' }), role: text, rule: text,
          reason: fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '\ud800', '\udfff', '\u{1F600}', 'é', 'a') }),
          arguments: anyJson,
          latencyMs: fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 1e21, 5e-7, 1e-7)), { nil: null }),
        }),
        fc.array(fc.record({ rule: fc.string({ unit: 'binary' }), title: fc.string({ unit: 'binary' }), severity: fc.constantFrom('info' as const, 'high' as const), verdict: fc.constantFrom('flag' as const, 'block' as const) }), { maxLength: 3 }),
        fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
        (over, findings, seq) => {
          const f: AuditFields = { ...fields, ...over, findings };
          const encoding = entryEncoding(seq, '2025-01-01T00:00:00.000Z', f);
          expect(encoding).toBe(entryEncodingByMembers(seq, '2025-01-01T00:00:00.000Z', f));
          expect(JSON.parse(encoding)).toEqual(JSON.parse(JSON.stringify({ ...f, seq, time: '2025-01-01T00:00:00.000Z', v: 1 })));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('hashes the previous hash and the encoding as SHA-256 over their bytes, for encodings of any size and text', () => {
    const reference = (prev: string, encoding: string) => createHash('sha256').update(Buffer.from(prev, 'hex')).update(encoding, 'utf8').digest('hex');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.nat({ max: 40_000 }), (prev, s, repeat) => {
        const hex = Buffer.from(prev).toString('hex');
        expect(chainHash(hex, s)).toBe(reference(hex, s));
        // Long ones too: past the 64 KiB the digest input starts with, and past its 1 MiB bound; uppercase and malformed previous hashes read as Buffer.from reads them.
        const long = s.repeat(Math.min(repeat, Math.ceil(1_200_000 / Math.max(1, s.length))));
        expect(chainHash(hex, long)).toBe(reference(hex, long));
        expect(chainHash(hex.toUpperCase(), s)).toBe(reference(hex, s));
        expect(chainHash(hex.slice(0, 10), s)).toBe(reference(hex.slice(0, 10), s));
        expect(chainHash(Buffer.from(prev), s)).toBe(reference(hex, s));
      }),
      { numRuns: 200 },
    );
    expect(chainHash(GENESIS_HASH, '\u{1F600}é'.repeat(200_000))).toBe(reference(GENESIS_HASH, '\u{1F600}é'.repeat(200_000)));
  });

  it('chains each entry on the one before, with seq and time inside the hash', () => {
    const a = chainHash(GENESIS_HASH, entryEncoding(1, '2025-01-01T00:00:00.000Z', fields));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, entryEncoding(2, '2025-01-01T00:00:00.000Z', fields))).not.toBe(a);
    expect(chainHash(GENESIS_HASH, entryEncoding(1, '2025-01-01T00:00:00.001Z', fields))).not.toBe(a);
    expect(chainHash(a, entryEncoding(1, '2025-01-01T00:00:00.000Z', fields))).not.toBe(a);
    expect(expectedHash(GENESIS_HASH, { ...fields, seq: 1, time: '2025-01-01T00:00:00.000Z' })).toBe(a);
  });

  it('numbers a batch after the tail, keeps time from going backwards, and signs every N entries', () => {
    const pair = generateKeyPairSync('ed25519');
    const key = { ...pair, keyId: keyIdOf(pair.publicKey) };
    const sign = (at: { seq: number; hash: string }, time: string) => signCheckpoint(key, 'checkpoint', at, time);
    const policy = { every: 3, intervalMs: 60_000 };
    const now = Date.parse('2025-01-01T00:00:00.000Z');
    const first = chainBatch({ tail: null, lastTimeMs: now + 5_000, unsigned: 0, lastCheckpointMs: now }, Array(7).fill(fields), now, policy, sign);
    expect(first.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(first.records.map((r) => r.time))).toEqual(new Set(['2025-01-01T00:00:05.000Z']));
    expect(first.checkpoints.map((c) => c.seq)).toEqual([3, 6]);
    expect(first.state.unsigned).toBe(1);
    for (const c of first.checkpoints) expect(checkpointSignatureValid(c, key)).toBe(true);

    const later = chainBatch(first.state, [fields], now + 60_000, policy, sign);
    expect(later.records[0]!.seq).toBe(8);
    expect(later.records[0]!.hash).toBe(expectedHash(first.records[6]!.hash, later.records[0]!));
    expect(later.checkpoints.map((c) => c.seq)).toEqual([8]);
    expect(later.state.unsigned).toBe(0);
  });
});

describe('checkpoint signatures', () => {
  const pair = generateKeyPairSync('ed25519');
  const key = { ...pair, keyId: keyIdOf(pair.publicKey) };
  const c = signCheckpoint(key, 'checkpoint', { seq: 10, hash: 'a'.repeat(64) }, '2025-01-01T00:00:00.000Z');

  it('verify with the key that signed them, and with no other', () => {
    expect(checkpointSignatureValid(c, key)).toBe(true);
    const other = generateKeyPairSync('ed25519');
    expect(checkpointSignatureValid(c, { publicKey: other.publicKey, keyId: key.keyId })).toBe(false);
  });

  it('cover every field', () => {
    expect(checkpointSignatureValid({ ...c, seq: 11 }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...c, hash: 'b'.repeat(64) }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...c, time: '2025-01-01T00:00:00.001Z' }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...c, kind: 'anchor' }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...c, signature: 'not base64 at all' }, key)).toBe(false);
  });
});
