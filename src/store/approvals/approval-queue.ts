// Calls held for a person, shared between the processes that hold them (warden gateway, warden
// proxy) and the ones that decide (warden approvals): $WARDEN_HOME/approvals.db, created 0600 in a
// 0700 directory. A row is decided once: every change is a conditional UPDATE on a pending row, so
// an approval racing a timeout has exactly one winner.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { WardenError } from '../../core/errors.js';
import { openSqliteFile } from '../sqlite/sqlite-file.js';

/** `withdrawn`: Warden let go of the call (the client went away, Warden stopped); `cancelled`: the client cancelled it. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'withdrawn', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export type Decided = Exclude<ApprovalStatus, 'pending'>;

export interface HeldCallInput {
  /** `server/tool`. */
  readonly subject: string;
  /** Redacted and clipped before they get here. */
  readonly arguments: unknown;
  readonly reason: string;
  readonly rule: string | null;
  readonly severity: string;
  /** Which process holds it (e.g. `gateway 127.0.0.1:7800 pid 123`). */
  readonly holder: string;
  readonly session: string | null;
  readonly expiresAt: string;
}

export interface HeldCallRow extends Omit<HeldCallInput, 'arguments'> {
  readonly id: string;
  readonly arguments: unknown;
  readonly createdAt: string;
  readonly status: ApprovalStatus;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly note: string | null;
}

export class ApprovalError extends WardenError {}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS held_calls (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  subject TEXT NOT NULL,
  arguments TEXT NOT NULL,
  reason TEXT NOT NULL,
  rule TEXT,
  severity TEXT NOT NULL,
  holder TEXT NOT NULL,
  session TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  decided_at TEXT,
  decided_by TEXT,
  note TEXT
);
CREATE INDEX IF NOT EXISTS held_calls_status ON held_calls (status, created_at);
`;

interface Row {
  id: string; created_at: string; expires_at: string; subject: string; arguments: string; reason: string; rule: string | null; severity: string;
  holder: string; session: string | null; status: string; decided_at: string | null; decided_by: string | null; note: string | null;
}

const rowOf = (r: Row): HeldCallRow => ({
  id: r.id, createdAt: r.created_at, expiresAt: r.expires_at, subject: r.subject, arguments: JSON.parse(r.arguments) as unknown, reason: r.reason,
  rule: r.rule, severity: r.severity, holder: r.holder, session: r.session, status: r.status as ApprovalStatus,
  decidedAt: r.decided_at, decidedBy: r.decided_by, note: r.note,
});

/** Short enough to type: `h-` and 10 base-32 characters (50 random bits). */
function newId(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  let id = 'h-';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

export const approvalsFile = (wardenHome: string): string => join(wardenHome, 'approvals.db');

export class ApprovalQueue {
  private constructor(private readonly db: Database.Database, private readonly clock: () => number) {}

  static open(file: string, clock: () => number = Date.now): ApprovalQueue {
    const db = openSqliteFile(file, { synchronous: 'FULL' });
    db.exec(SCHEMA);
    return new ApprovalQueue(db, clock);
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  add(call: HeldCallInput): HeldCallRow {
    for (;;) {
      const id = newId();
      const info = this.db.prepare(`INSERT OR IGNORE INTO held_calls (id, created_at, expires_at, subject, arguments, reason, rule, severity, holder, session)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, this.now(), call.expiresAt, call.subject, JSON.stringify(call.arguments ?? null), call.reason, call.rule, call.severity, call.holder, call.session);
      if (info.changes === 1) return this.get(id)!;
    }
  }

  get(id: string): HeldCallRow | undefined {
    const r = this.db.prepare('SELECT * FROM held_calls WHERE id = ?').get(id) as Row | undefined;
    return r ? rowOf(r) : undefined;
  }

  list(o: { readonly status?: ApprovalStatus; readonly limit?: number } = {}): HeldCallRow[] {
    const limit = Math.max(1, Math.min(o.limit ?? 100, 10_000));
    const rows = (o.status
      ? this.db.prepare('SELECT * FROM held_calls WHERE status = ? ORDER BY created_at DESC, id LIMIT ?').all(o.status, limit)
      : this.db.prepare('SELECT * FROM held_calls ORDER BY created_at DESC, id LIMIT ?').all(limit)) as Row[];
    return rows.map(rowOf);
  }

  /** The rows among `ids` that are no longer pending. */
  settled(ids: readonly string[]): HeldCallRow[] {
    if (ids.length === 0) return [];
    const out: HeldCallRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT * FROM held_calls WHERE status != 'pending' AND id IN (${part.map(() => '?').join(',')})`).all(...part) as Row[];
      out.push(...rows.map(rowOf));
    }
    return out;
  }

  /**
   * Decides a pending call. Throws NOT_FOUND for an unknown id and ALREADY_DECIDED (naming the
   * earlier decision) for one that is no longer pending.
   */
  decide(id: string, status: Decided, by: string, note: string | null = null): HeldCallRow {
    const info = this.db.prepare(`UPDATE held_calls SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE id = ? AND status = 'pending'`)
      .run(status, this.now(), by.slice(0, 200), note === null ? null : note.slice(0, 2_000), id);
    const row = this.get(id);
    if (!row) throw new ApprovalError('NOT_FOUND', `no held call with id ${id}`);
    if (info.changes === 0) throw new ApprovalError('ALREADY_DECIDED', `${id} was already ${row.status}${row.decidedBy ? ` by ${row.decidedBy}` : ''}${row.decidedAt ? ` at ${row.decidedAt}` : ''}`);
    return row;
  }

  /** Like decide, but returns the row as it stands when someone else decided first. */
  settle(id: string, status: Decided, by: string, note: string | null = null): HeldCallRow | undefined {
    try {
      return this.decide(id, status, by, note);
    } catch (error) {
      if (error instanceof ApprovalError && error.code === 'ALREADY_DECIDED') return this.get(id);
      if (error instanceof ApprovalError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
