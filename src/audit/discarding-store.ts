// An audit store that keeps nothing: every append succeeds and is forgotten, every read finds an
// empty log. For running the audit code where nothing may be recorded (warming up a proxy).
import type { AppendBatch, AuditPage, AuditStore, ChainEnd, PruneResult } from './audit-store.js';
import type { ChainPosition, SignedCheckpoint } from './checkpoint.js';
import type { AuditRecord } from './entry.js';

export class DiscardingAuditStore implements AuditStore {
  readonly dialect = 'sqlite' as const;
  head(): Promise<ChainPosition | null> {
    return Promise.resolve(null);
  }
  /** Where the chain of what was discarded ends, so that appends chain as on a real store. */
  private end: ChainEnd = { tail: null, time: null };
  append(): Promise<void> {
    return Promise.resolve();
  }
  appendBuilt<T extends AppendBatch>(build: (end: ChainEnd) => T): Promise<T> {
    const batch = build(this.end);
    const last = batch.records[batch.records.length - 1];
    if (last) this.end = { tail: { seq: last.seq, hash: last.hash }, time: last.time };
    return Promise.resolve(batch);
  }
  requestRecords(): Promise<AuditRecord[] | null> {
    return Promise.resolve(null);
  }
  last(): Promise<AuditRecord | null> {
    return Promise.resolve(null);
  }
  readRange(): Promise<AuditRecord[]> {
    return Promise.resolve([]);
  }
  query(): Promise<AuditPage> {
    return Promise.resolve({ records: [], nextCursor: null });
  }
  count(): Promise<number> {
    return Promise.resolve(0);
  }
  checkpoints(): Promise<SignedCheckpoint[]> {
    return Promise.resolve([]);
  }
  lastCheckpoint(): Promise<SignedCheckpoint | null> {
    return Promise.resolve(null);
  }
  pruneBefore(): Promise<PruneResult> {
    return Promise.resolve({ pruned: 0, anchor: null });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
