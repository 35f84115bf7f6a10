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

/** The canonical encoding of an entry without its hash: every recorded field, its seq and time. */
export function entryEncoding(seq: number, time: string, f: AuditFields): string {
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

export function chainHash(prevHash: string, encoding: string): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(encoding, 'utf8').digest('hex');
}

/** The hash a record should carry, chained from `prevHash`. */
export const expectedHash = (prevHash: string, r: Omit<AuditRecord, 'hash'>): string => chainHash(prevHash, entryEncoding(r.seq, r.time, r));
