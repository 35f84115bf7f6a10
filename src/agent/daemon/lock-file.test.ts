import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, holdsLock, readLock, releaseLock } from './lock-file.js';

let dir: string;
let lock: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-lock-'));
  lock = join(dir, 'daemon.lock');
});
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A live process whose command line is a daemon's (`… agent start --foreground`), as the lock's owner would be. */
function daemonLike(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'agent', 'start', '--foreground'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** The pid of a process that has exited. */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('the daemon lock', () => {
  it('is taken with this pid, mode 0600, and released only by its holder', () => {
    expect(acquireLock(lock)).toEqual({ replacedStale: undefined });
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    expect(holdsLock(lock)).toBe(true);
    releaseLock(lock);
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, `${process.ppid}\n`);
    releaseLock(lock);
    expect(existsSync(lock)).toBe(true);
  });

  it('refuses while a live daemon holds it', () => {
    const pid = daemonLike();
    writeFileSync(lock, `${pid}\n`);
    expect(readLock(lock)).toEqual({ kind: 'alive', pid });
    expect(() => acquireLock(lock)).toThrow(`already running for this WARDEN_HOME (pid ${pid})`);
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose pid now runs something else (reused after a restart of the machine)', () => {
    // The test runner's parent: alive, and not a daemon.
    writeFileSync(lock, `${process.ppid}\n`);
    expect(readLock(lock)).toEqual({ kind: 'stale', pid: process.ppid });
    expect(acquireLock(lock)).toEqual({ replacedStale: process.ppid });
    expect(holdsLock(lock)).toBe(true);
  });

  it('takes over the lock of a process that is gone, and one that holds no pid', () => {
    const pid = deadPid();
    writeFileSync(lock, `${pid}\n`);
    expect(readLock(lock)).toEqual({ kind: 'stale', pid });
    expect(acquireLock(lock)).toEqual({ replacedStale: pid });
    expect(holdsLock(lock)).toBe(true);
    writeFileSync(lock, 'garbage');
    expect(acquireLock(lock)).toEqual({ replacedStale: null });
  });
});
