// Waiting for SQLite's write lock in steps of a tenth of a millisecond. SQLite's own busy handler
// sleeps 1, 2, 5, 10, … 100 ms between tries: with several processes appending at once (proxies,
// the daemon, hooks), a writer that finds the lock taken sleeps far longer than the ~0.2 ms the
// holder keeps it, and may find it taken again at each wake-up; appends were seen waiting most of a
// second. Here the connection does not wait by itself (busy_timeout 0 around the write), and a
// busy write is tried again after a short, jittered pause, until the deadline.
import type Database from 'better-sqlite3';

/** First pause after a busy try, in ms; pauses grow to MAX_PAUSE_MS. */
const FIRST_PAUSE_MS = 0.05;
const MAX_PAUSE_MS = 2;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for about `ms` (fractions of a millisecond included). */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
};

export class WriteLock {
  private readonly noWait: Database.Statement;
  private readonly restoreWait: Database.Statement;

  constructor(
    db: Database.Database,
    /** How long a write waits for the lock before its SQLITE_BUSY is thrown, in ms. */
    private readonly timeoutMs: number,
  ) {
    this.noWait = db.prepare('PRAGMA busy_timeout = 0');
    this.restoreWait = db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(timeoutMs))}`);
  }

  /** Runs a write transaction (one that takes the write lock when it begins), waiting for the lock in short steps. */
  run<T>(write: () => T): T {
    const deadline = performance.now() + this.timeoutMs;
    this.noWait.run();
    try {
      for (let wait = FIRST_PAUSE_MS; ; wait = Math.min(wait * 1.5, MAX_PAUSE_MS)) {
        try {
          return write();
        } catch (error) {
          if (!isBusy(error) || performance.now() >= deadline) throw error;
        }
        // Jitter, so that waiters who found the lock taken together do not all try again together.
        pause(wait * (0.5 + Math.random()));
      }
    } finally {
      this.restoreWait.run();
    }
  }
}
