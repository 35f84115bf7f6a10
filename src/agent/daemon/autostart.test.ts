import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COOLDOWN_MS, isWanted, markWanted, startIfWanted, unmarkWanted } from './autostart.js';
import { daemonPaths, type DaemonPaths } from './paths.js';

let dir: string;
let paths: DaemonPaths;
let starts: number;
const start = (): void => {
  starts++;
};
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-autostart-'));
  paths = daemonPaths(dir);
  starts = 0;
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The marker as a start long ago left it. */
function wantedSince(msAgo: number, now: number): void {
  markWanted(paths);
  const at = (now - msAgo) / 1000;
  utimesSync(paths.autostart, at, at);
}

describe('starting the daemon again from a hook', () => {
  it('does nothing where the daemon was never started in the background, or was stopped on purpose', () => {
    expect(startIfWanted(paths, {}, start)).toEqual({ kind: 'skipped', why: 'not_wanted' });
    markWanted(paths);
    expect(isWanted(paths)).toBe(true);
    expect(statSync(paths.autostart).mode & 0o777).toBe(0o600);
    unmarkWanted(paths);
    expect(existsSync(paths.autostart)).toBe(false);
    expect(startIfWanted(paths, {}, start, Date.now() + 10 * COOLDOWN_MS)).toEqual({ kind: 'skipped', why: 'not_wanted' });
    expect(starts).toBe(0);
  });

  it('starts it when wanted, then not again until the cool-down has passed', () => {
    const now = Date.now();
    wantedSince(COOLDOWN_MS + 1_000, now);
    expect(startIfWanted(paths, {}, start, now)).toEqual({ kind: 'started' });
    expect(starts).toBe(1);
    // The try is remembered: hooks right after it do not start another.
    expect(Math.abs(statSync(paths.autostart).mtimeMs - now)).toBeLessThan(1_000);
    expect(startIfWanted(paths, {}, start, now + 1_000)).toEqual({ kind: 'skipped', why: 'cooling_down' });
    expect(startIfWanted(paths, {}, start, now + COOLDOWN_MS - 1_000)).toEqual({ kind: 'skipped', why: 'cooling_down' });
    expect(starts).toBe(1);
    expect(startIfWanted(paths, {}, start, now + COOLDOWN_MS + 1_000)).toEqual({ kind: 'started' });
    expect(starts).toBe(2);
  });

  it('a start just made (install, warden agent start) counts as a try', () => {
    const now = Date.now();
    markWanted(paths);
    expect(startIfWanted(paths, {}, start, now)).toEqual({ kind: 'skipped', why: 'cooling_down' });
    // Stamped by a clock read a moment later than this process's: still just now.
    wantedSince(-1_500, now);
    expect(startIfWanted(paths, {}, start, now)).toEqual({ kind: 'skipped', why: 'cooling_down' });
    expect(starts).toBe(0);
  });

  it('a marker dated in the future (the clock set back) does not hold restarts off', () => {
    const now = Date.now();
    wantedSince(-10 * COOLDOWN_MS, now);
    expect(startIfWanted(paths, {}, start, now)).toEqual({ kind: 'started' });
  });

  it('WARDEN_DAEMON_AUTOSTART=0 turns it off', () => {
    const now = Date.now();
    wantedSince(COOLDOWN_MS * 2, now);
    expect(startIfWanted(paths, { WARDEN_DAEMON_AUTOSTART: '0' }, start, now)).toEqual({ kind: 'skipped', why: 'disabled' });
    expect(startIfWanted(paths, { WARDEN_DAEMON_AUTOSTART: '1' }, start, now)).toEqual({ kind: 'started' });
  });

  it('leaves a daemon that holds the lock alone (starting up, or not answering)', () => {
    const now = Date.now();
    wantedSince(COOLDOWN_MS * 2, now);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'agent', 'start', '--foreground'], { stdio: 'ignore' });
    children.push(child);
    writeFileSync(paths.lock, `${child.pid}\n`);
    expect(startIfWanted(paths, {}, start, now)).toEqual({ kind: 'skipped', why: 'lock_held' });
    expect(starts).toBe(0);
  });

  it('reports a start that fails instead of throwing', () => {
    const now = Date.now();
    wantedSince(COOLDOWN_MS * 2, now);
    expect(startIfWanted(paths, {}, () => { throw new Error('spawn EAGAIN'); }, now)).toEqual({ kind: 'failed', reason: 'spawn EAGAIN' });
  });
});
