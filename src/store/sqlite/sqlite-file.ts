// Opening the SQLite file: created 0600 in a 0700 directory, WAL journal, synchronous=FULL.
//
// Why FULL: in WAL mode, synchronous=NORMAL syncs only at WAL checkpoints, so a commit survives a
// crash of the process but not a power loss or kernel crash; the last transactions may roll back.
// An audit entry must be durable before the agent gets its answer (DESIGN.md: nothing lost), so
// every commit syncs the WAL. The cost is one fsync per transaction, which the log amortises by
// committing concurrent appends together.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export type Synchronous = 'FULL' | 'NORMAL' | 'OFF';

/** How long a statement waits for another process's lock by default, in ms. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

export interface SqliteFileOptions {
  /** FULL (the default) makes each commit durable; the others exist for building scratch data fast. */
  readonly synchronous?: Synchronous;
  /** How long to wait for another process's write lock, in ms (default 10 s). */
  readonly busyTimeoutMs?: number;
}

export function openSqliteFile(file: string, options: SqliteFileOptions = {}): Database.Database {
  if (file !== ':memory:') {
    const dir = dirname(file);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
    if (!existsSync(file)) {
      // SQLite gives its -wal and -shm files the database file's mode.
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
  }
  const db = new Database(file);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  return db;
}
