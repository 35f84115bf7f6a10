import { spawnSync } from 'node:child_process';
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
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

  it('refuses while a live process holds it', () => {
    writeFileSync(lock, `${process.ppid}\n`);
    expect(readLock(lock)).toEqual({ kind: 'alive', pid: process.ppid });
    expect(() => acquireLock(lock)).toThrow(`already running for this WARDEN_HOME (pid ${process.ppid})`);
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
