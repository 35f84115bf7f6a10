// One daemon per WARDEN_HOME (and one `warden watch` per destination): a lock file created
// exclusively, holding the owner's pid. A lock whose pid is not a live process is stale (the owner
// was killed) and is taken over. After the machine restarts, the pid may name another process: on
// Linux, a live pid whose command line is not the owner's kind (`… agent start --foreground`) is
// stale too, so that nobody signals it as the daemon, and a new one can start.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { WardenError } from '../../core/errors.js';

export type LockOwner = { readonly kind: 'none' } | { readonly kind: 'alive'; readonly pid: number } | { readonly kind: 'stale'; readonly pid: number | null };

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user holds the pid; it is alive, if not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a live pid's arguments pass `test`, as far as this system tells: on Linux by its command line, elsewhere assumed. */
export function runs(pid: number, test: (args: readonly string[]) => boolean): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // no /proc (macOS), or not ours to read: the pid is all there is to go by
  }
  return test(cmdline.split('\0'));
}

/** What a lock is for: how to tell its owner from a process that reuses its pid, and what to say when it is held. */
export interface LockKind {
  readonly owns: (pid: number) => boolean;
  readonly held: (pid: number) => string;
}

export const DAEMON_LOCK: LockKind = {
  owns: (pid) => runs(pid, (args) => {
    const at = args.indexOf('agent');
    return at >= 0 && args[at + 1] === 'start' && args.includes('--foreground');
  }),
  held: (pid) => `a Warden daemon is already running for this WARDEN_HOME (pid ${pid})`,
};

export function readLock(file: string, kind: LockKind = DAEMON_LOCK): LockOwner {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const pid = /^\s*(\d{1,10})\s*$/.test(text) ? Number(text) : null;
  if (pid === null || pid <= 0) return { kind: 'stale', pid: null };
  return pid !== process.pid && isAlive(pid) && kind.owns(pid) ? { kind: 'alive', pid } : { kind: 'stale', pid };
}

/** Takes the lock for this process, replacing a stale one; throws ALREADY_RUNNING when a live owner holds it. */
export function acquireLock(file: string, kind: LockKind = DAEMON_LOCK): { readonly replacedStale: number | null | undefined } {
  let replaced: number | null | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(file, kind);
      if (owner.kind === 'alive') throw new WardenError('ALREADY_RUNNING', kind.held(owner.pid));
      // Stale, or gone since: remove it and try again (another starter racing us gets EEXIST).
      if (owner.kind === 'stale') replaced = owner.pid;
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return { replacedStale: replaced };
  }
  throw new WardenError('LOCK_FAILED', `cannot take the lock ${file}: it keeps changing`);
}

/** Whether the lock file names this process. */
export function holdsLock(file: string): boolean {
  try {
    return Number(readFileSync(file, 'utf8').trim()) === process.pid;
  } catch {
    return false;
  }
}

/** Removes the lock if this process still holds it. */
export function releaseLock(file: string): void {
  if (holdsLock(file)) rmSync(file, { force: true });
}
