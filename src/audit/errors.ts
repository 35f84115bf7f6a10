// Errors of the audit layer: a string code and a cause, like every local error.
import { WardenError } from '../core/errors.js';

export type AuditErrorCode =
  | 'INVALID_ENTRY'
  | 'CLOSED'
  | 'CONFLICT'
  | 'DUPLICATE'
  | 'KEY'
  | 'STORE'
  | 'WITNESS';

export class AuditError extends WardenError {
  constructor(code: AuditErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'AuditError';
  }
}

/** The store already holds entries past the one the writer chained from: another writer appended. */
export class AuditConflictError extends AuditError {
  constructor(readonly storedSeq: number, readonly expectedSeq: number) {
    super('CONFLICT', `the audit log moved on: it ends at entry ${storedSeq}, the writer expected ${expectedSeq}`);
    this.name = 'AuditConflictError';
  }
}

/** Entries for these request ids are stored already: the append wrote nothing. */
export class AuditDuplicateError extends AuditError {
  constructor(readonly requestIds: readonly string[]) {
    super('DUPLICATE', `the audit log already holds the entries of request ${requestIds.join(', ')}`);
    this.name = 'AuditDuplicateError';
  }
}

/** A stored entry that cannot be read back as an entry (a column holds what no writer wrote). */
export class CorruptEntryError extends AuditError {
  constructor(readonly seq: number, detail: string) {
    super('STORE', `audit entry ${seq} is unreadable: ${detail}`);
    this.name = 'CorruptEntryError';
  }
}
