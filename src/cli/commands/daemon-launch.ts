// How the daemon process is launched: its Node flags and argv, and the detached start a hook makes
// when it finds the daemon gone. Kept apart from agent-daemon-control.ts, whose imports (the
// policy installer) cost a hook ~0.2 s, so that a hook loads only this.
import { spawn } from 'node:child_process';
import { closeSync, openSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STARTED_BY_HOOK_ENV } from '../../agent/daemon/autostart.js';
import { daemonPaths } from '../../agent/daemon/paths.js';

/** This CLI's main.js, resolved, for starting the daemon. */
export const mainScript = (): string => realpathSync(fileURLToPath(new URL('../main.js', import.meta.url)));

/**
 * A young generation of 1 MB keeps ~25 MB less resident. With it, garbage of calls in flight at a
 * scavenge is promoted, and under sustained load the old generation grew to ~120 MB resident before
 * V8 collected it (its limits scale with the machine's memory); a 512 MB old generation, twice what
 * the largest command line's analysis takes, keeps the daemon under ~97 MB at 8,000 decisions.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--max-old-space-size=512'];

/** Node's arguments for a daemon in the foreground. */
export const daemonArgv = (): string[] => [...DAEMON_NODE_FLAGS, mainScript(), 'agent', 'start', '--foreground'];

/**
 * For a hook that found no daemon: starts one detached, without waiting for it, in WARDEN_HOME
 * (not the agent's project, which it would keep busy). Its output is appended: two hooks racing
 * start two, and the one that loses the lock must not truncate what the other writes.
 */
export function spawnDaemonForHook(home: string): void {
  const paths = daemonPaths(home);
  const out = openSync(paths.output, 'a', 0o600);
  try {
    spawn(process.execPath, daemonArgv(), { detached: true, cwd: home, stdio: ['ignore', out, out], env: { ...process.env, WARDEN_HOME: home, [STARTED_BY_HOOK_ENV]: '1' } }).unref();
  } finally {
    closeSync(out);
  }
}
