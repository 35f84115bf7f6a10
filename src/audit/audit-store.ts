// What the audit log needs from storage. The dialects (SQLite, PostgreSQL) live in src/store and
// implement this; one conformance suite runs against each.
import type { Severity } from '../core/vocabulary.js';
import type { ChainPosition, SignedCheckpoint } from './checkpoint.js';
import type { AuditEventType, AuditOutcome, AuditRecord } from './entry.js';

/** Every given criterion must hold; a list matches any of its values. */
export interface AuditFilter {
  readonly outcomes?: readonly AuditOutcome[];
  readonly severities?: readonly Severity[];
  readonly types?: readonly AuditEventType[];
  readonly hosts?: readonly string[];
  readonly agents?: readonly string[];
  readonly binaries?: readonly string[];
  /** Entries recorded at or after this time (UTC ISO 8601). */
  readonly since?: string;
  /** Entries recorded before this time (UTC ISO 8601). */
  readonly until?: string;
}

export interface PageRequest {
  readonly limit: number;
  /** From a previous page's `nextCursor`; absent for the first page. */
  readonly cursor?: string | null;
  /** `newest` first (the default) or `oldest` first. */
  readonly order?: 'newest' | 'oldest';
}

export interface AuditPage {
  readonly records: readonly AuditRecord[];
  /** Null when there is nothing after this page. */
  readonly nextCursor: string | null;
}

export interface PruneResult {
  readonly pruned: number;
  /** The anchor written for the last entry pruned; null when nothing was old enough. */
  readonly anchor: SignedCheckpoint | null;
}

/**
 * A caller's request the entries answer (one hook call): its id, the first entry's seq and how
 * many entries it wrote. A request id is stored once: a second append naming it writes nothing.
 */
export interface RequestMark {
  readonly id: string;
  readonly seq: number;
  readonly count: number;
}

/** Where the stored chain ends, as an append sees it under the write lock. */
export interface ChainEnd {
  /** The last entry, else the latest anchor; null for an empty log. */
  readonly tail: ChainPosition | null;
  /** The last stored entry's time, null when none is stored. */
  readonly time: string | null;
}

/** What one append stores. */
export interface AppendBatch {
  readonly records: readonly AuditRecord[];
  readonly checkpoints: readonly SignedCheckpoint[];
  readonly requests?: readonly RequestMark[];
}

export interface AuditStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the chain ends: the last entry, else the latest anchor, else null for an empty log. */
  head(): Promise<ChainPosition | null>;
  /**
   * Stores entries and checkpoints in one transaction, durable when the promise resolves. The
   * entries must continue the stored chain (the first one's seq is the head's plus one); if
   * another writer got there first, nothing is written and AuditConflictError is thrown. When one
   * of `requests` is already stored, nothing is written and AuditDuplicateError names them.
   */
  append(records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[], requests?: readonly RequestMark[]): Promise<void>;
  /**
   * Like append, but the entries are made under the write lock, from where the stored chain ends
   * then: `build` is given that end and returns what to store (it must not wait on anything, and
   * may run more than once when the write is tried again).
   * Writers sharing a log never conflict this way. Resolves with what `build` returned, once
   * durable; a rejection (AuditDuplicateError, or what `build` threw) means nothing was written.
   */
  appendBuilt<T extends AppendBatch>(build: (end: ChainEnd) => T): Promise<T>;
  /** The entries recorded for a request id, null when no append named it (or they were pruned). */
  requestRecords(id: string): Promise<AuditRecord[] | null>;
  last(): Promise<AuditRecord | null>;
  /** Up to `limit` entries with seq >= `fromSeq`, in sequence order. */
  readRange(fromSeq: number, limit: number): Promise<AuditRecord[]>;
  query(filter: AuditFilter, page: PageRequest): Promise<AuditPage>;
  count(filter?: AuditFilter): Promise<number>;
  /** Checkpoints and anchors, in sequence order. */
  checkpoints(): Promise<SignedCheckpoint[]>;
  lastCheckpoint(): Promise<SignedCheckpoint | null>;
  /**
   * Deletes, in one transaction, every entry up to the last one recorded before `before` (and at
   * most up to seq `upTo`, when given), with the checkpoints and request ids they make obsolete,
   * and stores the anchor `anchorFor` signs for that entry.
   */
  pruneBefore(before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo?: number): Promise<PruneResult>;
  close(): Promise<void>;
}
