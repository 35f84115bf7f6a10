// The hash chain: entry n's hash = SHA-256(hash of entry n-1 ‖ canonical encoding of entry n),
// the previous hash taken as its 32 raw bytes. The first entry chains from 32 zero bytes (or,
// after pruning, from the signed anchor: the hash of the last entry pruned). Sequence number and
// time are inside the encoding, so an entry moved to another place or time no longer matches.
import * as crypto from 'node:crypto';
import { canonicalJson, quoted } from './canonical.js';
import type { AuditFields, AuditRecord, JsonValue } from './entry.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the encoded members ever change; old entries keep verifying under their version. */
export const ENTRY_FORMAT = 1;

const HEX64 = /^[0-9a-f]{64}$/;
export const isHash = (s: string): boolean => HEX64.test(s);

const text = (s: string | null): string => (s === null ? 'null' : quoted(s));
/** Number::toString, as JSON.stringify writes a finite number (and -0 as 0); canonicalJson refuses the others. */
const number = (n: number | null): string => (n === null ? 'null' : Number.isFinite(n) ? String(n) : canonicalJson(n));
const json = (v: JsonValue): string => (v === null ? 'null' : canonicalJson(v));

/** The canonical encoding of the findings list, members in key order. */
export function findingsEncoding(findings: AuditFields['findings']): string {
  let out = '[';
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    out += `${i ? ',' : ''}{"rule":${text(f.rule)},"severity":${text(f.severity)},"title":${text(f.title)},"verdict":${text(f.verdict)}}`;
  }
  return `${out}]`;
}

/**
 * The canonical encoding of an entry without its hash: every recorded field, its seq and time.
 * Written out member by member, in key order, since it runs for every entry; the result is
 * exactly `canonicalJson` of the same members (a test holds the two together).
 */
export function entryEncoding(seq: number, time: string, f: AuditFields): string {
  return (
    `{"agent":${text(f.agent)},"arguments":${json(f.arguments)},"binary":${text(f.binary)},"cwd":${text(f.cwd)},` +
    `"findings":${findingsEncoding(f.findings)},"host":${text(f.host)},"latencyMs":${number(f.latencyMs)},"mode":${text(f.mode)},` +
    `"outcome":${text(f.outcome)},"reason":${text(f.reason)},"role":${text(f.role)},"rule":${text(f.rule)},"seq":${number(seq)},` +
    `"session":${text(f.session)},"severity":${text(f.severity)},"subject":${text(f.subject)},"time":${text(time)},"tool":${text(f.tool)},` +
    `"type":${text(f.type)},"v":${ENTRY_FORMAT},"verdict":${text(f.verdict)}}`
  );
}

/** The same encoding built the slow, obvious way: the members as an object, canonicalised. */
export function entryEncodingByMembers(seq: number, time: string, f: AuditFields): string {
  const members: { readonly [key: string]: JsonValue } = {
    v: ENTRY_FORMAT,
    seq,
    time,
    type: f.type,
    host: f.host,
    agent: f.agent,
    session: f.session,
    tool: f.tool,
    cwd: f.cwd,
    binary: f.binary,
    subject: f.subject,
    arguments: f.arguments,
    verdict: f.verdict,
    outcome: f.outcome,
    severity: f.severity,
    role: f.role,
    mode: f.mode,
    rule: f.rule,
    reason: f.reason,
    latencyMs: f.latencyMs,
    findings: f.findings.map((x) => ({ rule: x.rule, severity: x.severity, verdict: x.verdict, title: x.title })),
  };
  return canonicalJson(members);
}

/** The one-shot digest (Node 20.12+); absent, every hash goes through createHash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;
/** Where the hash input (previous hash, then the encoding as UTF-8) is laid out for a one-shot digest. */
let input = Buffer.allocUnsafe(64 * 1024);
const MAX_INPUT = 1024 * 1024;

/**
 * The entry hash, hex. A well-formed previous hash is written into a reused input buffer behind
 * which the encoding follows, and the digest comes back as hex directly: no Hash object and no
 * Buffer per entry. Anything else (a Buffer, a malformed or uppercase hex text, a very long
 * encoding) takes the incremental path, which reads it the same way.
 */
export function chainHash(prevHash: string | Buffer, encoding: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so an encoding within this bound always fits;
  // Buffer.write would silently cut one that does not.
  const most = 32 + encoding.length * 3;
  if (oneShot === undefined || typeof prevHash !== 'string' || most > MAX_INPUT || !HEX64.test(prevHash)) {
    const prev = typeof prevHash === 'string' ? Buffer.from(prevHash, 'hex') : prevHash;
    return crypto.createHash('sha256').update(prev).update(encoding, 'utf8').digest('hex');
  }
  if (most > input.length) input = Buffer.allocUnsafe(Math.max(most, input.length * 2));
  input.write(prevHash, 0, 'hex');
  const length = 32 + input.write(encoding, 32, 'utf8');
  return oneShot('sha256', input.subarray(0, length), 'hex');
}

/** The hash a record should carry, chained from `prevHash`. */
export const expectedHash = (prevHash: string, r: Omit<AuditRecord, 'hash'>): string => chainHash(prevHash, entryEncoding(r.seq, r.time, r));
