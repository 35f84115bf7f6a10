// The hash chain: entry n's hash = SHA-256(hash of entry n-1 ‖ canonical encoding of entry n),
// the previous hash taken as its 32 raw bytes. The first entry chains from 32 zero bytes (or,
// after pruning, from the signed anchor: the hash of the last entry pruned). Sequence number and
// time are inside the encoding, so an entry moved to another place or time no longer matches.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { AuditFields, AuditRecord, JsonValue } from './entry.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the encoded members ever change; old entries keep verifying under their version. */
export const ENTRY_FORMAT = 1;

const HEX64 = /^[0-9a-f]{64}$/;
export const isHash = (s: string): boolean => HEX64.test(s);

const text = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));
const number = (n: number | null): string => (n === null ? 'null' : canonicalJson(n));

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
    `{"agent":${text(f.agent)},"arguments":${canonicalJson(f.arguments)},"binary":${text(f.binary)},"cwd":${text(f.cwd)},` +
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

export function chainHash(prevHash: string | Buffer, encoding: string): string {
  return chainDigest(typeof prevHash === 'string' ? Buffer.from(prevHash, 'hex') : prevHash, encoding).toString('hex');
}

/** The hash as raw bytes, for chaining a batch without converting every link to hex and back. */
export function chainDigest(prev: Buffer, encoding: string): Buffer {
  return createHash('sha256').update(prev).update(encoding, 'utf8').digest();
}

/** The hash a record should carry, chained from `prevHash`. */
export const expectedHash = (prevHash: string, r: Omit<AuditRecord, 'hash'>): string => chainHash(prevHash, entryEncoding(r.seq, r.time, r));
