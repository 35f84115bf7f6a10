// Bringing the daemon back when it is gone. A daemon started in the background (`warden install`,
// `warden agent start`) leaves $WARDEN_HOME/daemon.autostart behind; `warden agent stop` removes
// it. A hook that finds no daemon while that file is there (the machine restarted, the daemon
// crashed or was killed) starts one in the background, so that only that call and the few after it
// are judged in their own process: each such call loads the policy and the rule pack itself (about
// half a second) and sees none of the session's sequence, rate and risk history.
//
// At most one try per COOLDOWN_MS: the file's modification time is the last start or try, so a
// daemon that cannot start is not started again by every hook call. Two hooks trying at the same
// moment start two daemons, of which the lock (lock-file.ts) keeps one.
import { existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readLock } from './lock-file.js';
import type { DaemonPaths } from './paths.js';

export const COOLDOWN_MS = 30_000;
/** How far ahead of this process's clock a marker's time may be and still count as now. */
const CLOCK_SLACK_MS = 2_000;

/** `WARDEN_DAEMON_AUTOSTART=0` turns it off (a daemon run by systemd or launchd needs no help). */
export const AUTOSTART_ENV = 'WARDEN_DAEMON_AUTOSTART';

/** Set in the environment of a daemon a hook started, so that it records why it started. */
export const STARTED_BY_HOOK_ENV = 'WARDEN_DAEMON_STARTED_BY_HOOK';

export type AutostartOutcome =
  | { readonly kind: 'started' }
  | { readonly kind: 'skipped'; readonly why: 'disabled' | 'not_wanted' | 'cooling_down' | 'lock_held' }
  | { readonly kind: 'failed'; readonly reason: string };

/** The daemon was started in the background: hooks may start it again. */
export function markWanted(paths: DaemonPaths): void {
  writeFileSync(paths.autostart, 'warden agent start left this here: hooks start the daemon again when it is gone; warden agent stop removes it\n', { mode: 0o600 });
}

/** The daemon was stopped on purpose: no hook starts it again. */
export function unmarkWanted(paths: DaemonPaths): void {
  rmSync(paths.autostart, { force: true });
}

export const isWanted = (paths: DaemonPaths): boolean => existsSync(paths.autostart);

/**
 * Starts the daemon (`start`, which must not wait for it) when it is wanted, not turned off, not
 * tried in the last COOLDOWN_MS, and no live process holds its lock (one starting up or hung:
 * starting another would not help). Never throws: a hook goes on judging the call either way.
 */
export function startIfWanted(paths: DaemonPaths, env: NodeJS.ProcessEnv, start: () => void, now = Date.now()): AutostartOutcome {
  try {
    if (env[AUTOSTART_ENV] === '0') return { kind: 'skipped', why: 'disabled' };
    let triedAt: number;
    try {
      triedAt = statSync(paths.autostart).mtimeMs;
    } catch {
      return { kind: 'skipped', why: 'not_wanted' };
    }
    // A time well in the future (a clock set back) counts as long ago; one a little ahead is a
    // start just made, stamped by a clock read a moment apart from `now`.
    const age = now - triedAt;
    if (age > -CLOCK_SLACK_MS && age < COOLDOWN_MS) return { kind: 'skipped', why: 'cooling_down' };
    if (readLock(paths.lock).kind === 'alive') return { kind: 'skipped', why: 'lock_held' };
    const seconds = now / 1000;
    utimesSync(paths.autostart, seconds, seconds);
    start();
    return { kind: 'started' };
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
