// Entries and checkpoints to rows and back. JSON members are stored as their canonical text, so
// they read back to the same hash input in every dialect.
import type { Insertable, Selectable } from 'kysely';
import { canonicalJson } from '../audit/canonical.js';
import type { SignedCheckpoint } from '../audit/checkpoint.js';
import type { AuditRecord, JsonValue } from '../audit/entry.js';
import { findingsEncoding } from '../audit/hash-chain.js';
import { CorruptEntryError } from '../audit/errors.js';
import type { AuditCheckpointsTable, AuditEntriesTable } from './schema.js';

export type EntryRow = Selectable<AuditEntriesTable>;
export type CheckpointRow = Selectable<AuditCheckpointsTable>;
export type NewEntryRow = Insertable<AuditEntriesTable>;
export type NewCheckpointRow = Insertable<AuditCheckpointsTable>;

/** Every column of an entry row, in table order. */
export const ENTRY_COLUMNS = [
  'seq', 'time', 'hash', 'type', 'host', 'agent', 'session', 'tool', 'cwd', 'binary', 'subject', 'arguments',
  'verdict', 'outcome', 'severity', 'role', 'mode', 'rule', 'reason', 'latency_ms', 'findings',
] as const satisfies readonly (keyof EntryRow)[];

/** The row's values in ENTRY_COLUMNS order, for binding by position (the cheapest way). */
export function entryValues(r: AuditRecord): (string | number | null)[] {
  return [
    r.seq, r.time, r.hash, r.type, r.host, r.agent, r.session, r.tool, r.cwd, r.binary, r.subject, canonicalJson(r.arguments),
    r.verdict, r.outcome, r.severity, r.role, r.mode, r.rule, r.reason, r.latencyMs, findingsEncoding(r.findings),
  ];
}

export function entryRow(r: AuditRecord): NewEntryRow {
  const values = entryValues(r);
  return Object.fromEntries(ENTRY_COLUMNS.map((c, i) => [c, values[i]])) as unknown as NewEntryRow;
}

function json(seq: number, column: string, text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new CorruptEntryError(seq, `${column} is not JSON`);
  }
}

const isFinding = (f: JsonValue): boolean =>
  typeof f === 'object' && f !== null && !Array.isArray(f) && ['rule', 'severity', 'verdict', 'title'].every((k) => typeof (f as Record<string, JsonValue>)[k] === 'string');

/** Fields are handed back as stored; whatever does not belong there shows in verification. */
export function recordOf(row: EntryRow): AuditRecord {
  const seq = Number(row.seq);
  const findings = json(seq, 'findings', row.findings);
  if (!Array.isArray(findings) || !findings.every(isFinding)) throw new CorruptEntryError(seq, 'findings is not a list of findings');
  const latency = row.latency_ms === null ? null : Number(row.latency_ms);
  return {
    seq,
    time: row.time,
    hash: row.hash,
    type: row.type as AuditRecord['type'],
    host: row.host,
    agent: row.agent,
    session: row.session,
    tool: row.tool,
    cwd: row.cwd,
    binary: row.binary,
    subject: row.subject,
    arguments: json(seq, 'arguments', row.arguments),
    verdict: row.verdict as AuditRecord['verdict'],
    outcome: row.outcome as AuditRecord['outcome'],
    severity: row.severity as AuditRecord['severity'],
    role: row.role,
    mode: row.mode as AuditRecord['mode'],
    rule: row.rule,
    reason: row.reason,
    latencyMs: latency,
    findings,
  };
}

export const checkpointRow = (c: SignedCheckpoint): NewCheckpointRow => ({ kind: c.kind, seq: c.seq, hash: c.hash, time: c.time, key_id: c.keyId, signature: c.signature });

export const checkpointOf = (row: CheckpointRow): SignedCheckpoint => ({
  kind: row.kind as SignedCheckpoint['kind'],
  seq: Number(row.seq),
  hash: row.hash,
  time: row.time,
  keyId: row.key_id,
  signature: row.signature,
});
