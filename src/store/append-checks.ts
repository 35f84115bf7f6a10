// What every dialect checks inside an append's transaction before writing: the entries continue
// the stored chain, and in time order (which lets a time range be read as a range of seq).
import type { ChainEnd } from '../audit/audit-store.js';
import type { AuditRecord } from '../audit/entry.js';
import { AuditConflictError, AuditError } from '../audit/errors.js';

export interface StoredEnd {
  /** Seq of the last entry, or of the latest anchor when every entry was pruned; 0 when empty. */
  readonly seq: number;
  /** Time of the last entry still stored, if any. */
  readonly time: string | null;
}

/** The part of the chain's end an append is checked against. */
export const storedEnd = (end: ChainEnd): StoredEnd => ({ seq: end.tail?.seq ?? 0, time: end.time });

export function checkAppend(end: StoredEnd, records: readonly AuditRecord[]): void {
  const first = records[0];
  if (!first) return;
  if (first.seq !== end.seq + 1) throw new AuditConflictError(end.seq, first.seq - 1);
  let previous = end.time;
  for (const r of records) {
    if (previous !== null && r.time < previous) throw new AuditError('INVALID_ENTRY', `entry ${r.seq} is recorded at ${r.time}, before the entry stored ahead of it (${previous}): entries are stored in time order`);
    previous = r.time;
  }
}
