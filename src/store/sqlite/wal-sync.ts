// Durability of WAL commits made with synchronous=NORMAL, by an fdatasync of the -wal file on
// libuv's threadpool instead of the one SQLite makes (synchronous=FULL) on the calling thread: the
// commit itself no longer waits for the disk, and the event loop goes on (reading and judging a
// server's answer, say) while the disk syncs. What waits for durability waits for `durable()`.
//
// Why this is as durable as synchronous=FULL:
// - fdatasync flushes the file, not the descriptor: every frame written to the WAL before the call
//   (by this connection or any other) is on disk when it returns, with the file's size. FULL syncs
//   the same file at the same point (after the commit frame is written), so what a recovery finds
//   is the same; a sync made for a later commit covers the earlier ones too.
// - A checkpoint may move the frames into the database file before the sync runs: SQLite syncs
//   the WAL before it copies frames out and the database file after, at every level but OFF (only
//   scratch builds use OFF), so they are durable there. A WAL restart after such a checkpoint
//   rewrites the file from its start; SQLite syncs the new header itself (it does at NORMAL), and
//   a sync of the rewritten file is harmless.
// - The descriptor names the WAL SQLite writes: it is opened after the first commit (a commit in WAL
//   mode has made the file, which a new database lacks until its first write), and the WAL is only deleted when the last connection closes (it must take an EXCLUSIVE lock on the
//   database file, which this connection's SHARED lock, held throughout in WAL mode, prevents) or
//   when the journal mode changes (which needs the same lock). A checkpoint's truncation or a
//   size limit shrinks the same file. The descriptor is closed before the connection is.
// - POSIX locks belong to a process and an inode, and closing any descriptor of an inode drops the
//   process's locks on it: SQLite locks the database and -shm files, never the -wal file, so
//   opening and closing a descriptor of the -wal file here cannot drop SQLite's locks. No
//   descriptor of the database file is ever opened or closed here.
// - A failed fdatasync may have dropped the dirty pages it was flushing (a later sync would not
//   report it): the waiters are told it failed, and the connection goes back to synchronous=FULL
//   and to SQLite's own sync, so nothing later is called durable on the strength of this path.
import { closeSync, fdatasync, openSync } from 'node:fs';

export interface WalSyncTarget {
  /** Path of the -wal file, which exists once the connection has committed in WAL mode. */
  readonly walFile: string;
  /** Called once, on the first failed sync, to make the connection sync its own commits again. */
  readonly fallBack: () => void;
}

type Waiter = { readonly resolve: () => void; readonly reject: (error: Error) => void };

export class WalSync {
  /** The -wal file, opened at the first sync; null before, and once closed. */
  private fd: number | null = null;
  private closed = false;
  /** Waiters for the sync in flight. */
  private syncing: Waiter[] | null = null;
  /** Waiters whose commits came after the sync in flight started: they need another. */
  private next: Waiter[] = [];
  private failed = false;

  constructor(private readonly target: WalSyncTarget) {}

  /** Whether commits rely on this (false once a sync failed or it was closed): SQLite syncs them itself. */
  get active(): boolean {
    return !this.closed && !this.failed;
  }

  /** Resolves once everything written to the WAL before the call (the caller's commit) is on disk. */
  durable(): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (this.syncing === null) this.start();
    });
  }

  private start(): void {
    const waiters = this.take();
    let fd: number;
    try {
      fd = this.fd ??= openSync(this.target.walFile, 'r');
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)), waiters);
      return;
    }
    this.syncing = waiters;
    fdatasync(fd, (error) => {
      this.syncing = null;
      if (error) this.fail(error, waiters);
      else for (const w of waiters) w.resolve();
      if (this.next.length > 0) {
        if (this.failed) this.fail(error ?? new Error('an earlier sync of the audit WAL failed'), this.take());
        else this.start();
      }
    });
  }

  private take(): Waiter[] {
    const waiters = this.next;
    this.next = [];
    return waiters;
  }

  private fail(error: Error, waiters: readonly Waiter[]): void {
    if (!this.failed) {
      this.failed = true;
      try {
        this.target.fallBack();
      } catch {
        // The waiters learn of the failure below; the connection's own errors surface on its next use.
      }
    }
    const failure = new Error(`the audit WAL could not be synced to disk: ${error.message}`, { cause: error });
    for (const w of waiters) w.reject(failure);
  }

  /** Waits for the sync in flight, then closes the descriptor (before the connection is closed). */
  async close(): Promise<void> {
    if (this.syncing !== null) await this.durable().catch(() => undefined);
    this.closed = true;
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
