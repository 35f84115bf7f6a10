// The tables, as Kysely sees them. Types only.
import type { ColumnType } from 'kysely';

/** PostgreSQL hands bigints back as strings; rows are mapped with Number(). */
type Seq = ColumnType<number | string, number, number>;

export interface AuditEntriesTable {
  seq: Seq;
  /** UTC ISO 8601 with milliseconds: text, so it sorts and reads back exactly in every dialect. */
  time: string;
  hash: string;
  type: string;
  host: string | null;
  agent: string | null;
  session: string | null;
  tool: string | null;
  cwd: string | null;
  binary: string | null;
  subject: string;
  /** Canonical JSON text. */
  arguments: string;
  verdict: string;
  outcome: string;
  severity: string;
  role: string | null;
  mode: string | null;
  rule: string | null;
  reason: string;
  latency_ms: number | null;
  /** Canonical JSON text: an array of finding summaries. */
  findings: string;
}

export interface AuditCheckpointsTable {
  kind: string;
  seq: Seq;
  hash: string;
  time: string;
  key_id: string;
  signature: string;
}

/** Which entries answer a caller's request (a hook call), so that a second writer of it writes nothing. */
export interface AuditRequestsTable {
  request_id: string;
  seq: Seq;
  count: number;
}

export interface StoreDatabase {
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_requests: AuditRequestsTable;
}
