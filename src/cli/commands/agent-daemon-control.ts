// Starting and stopping the daemon for the CLI (`warden agent …`, `warden install`, `warden uninstall`).
import { spawn } from 'node:child_process';
import { closeSync, openSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markWanted, STARTED_BY_HOOK_ENV, unmarkWanted } from '../../agent/daemon/autostart.js';
import { startDetached, stopDaemon, type StartResult, type StopResult } from '../../agent/daemon/control.js';
import { daemonPaths } from '../../agent/daemon/paths.js';
import { ensureWardenHome } from '../../agent/install/install-policy.js';
import { wardenHome } from '../warden-home.js';

/** This CLI's main.js, resolved, for starting the daemon. */
export const mainScript = (): string => realpathSync(fileURLToPath(new URL('../main.js', import.meta.url)));

/**
 * A young generation of 1 MB keeps ~25 MB less resident. With it, garbage of calls in flight at a
 * scavenge is promoted, and under sustained load the old generation grew to ~120 MB resident before
 * V8 collected it (its limits scale with the machine's memory); a 512 MB old generation, twice what
 * the largest command line's analysis takes, keeps the daemon under ~97 MB at 8,000 decisions.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--max-old-space-size=512'];

const daemonArgv = (): string[] => [...DAEMON_NODE_FLAGS, mainScript(), 'agent', 'start', '--foreground'];

/** Starts the daemon in the background and waits until it answers; once it runs, hooks start it again should it go (autostart.ts). */
export async function startDaemonProcess(): Promise<StartResult> {
  const home = wardenHome();
  ensureWardenHome(home);
  const paths = daemonPaths(home);
  const started = await startDetached(paths, process.execPath, daemonArgv(), { ...process.env, WARDEN_HOME: home });
  if (started.kind !== 'failed') markWanted(paths);
  return started;
}

/** Stops the daemon on purpose: no hook starts it again until it is started. */
export function stopDaemonProcess(timeoutMs?: number, kill = false): Promise<StopResult> {
  const paths = daemonPaths(wardenHome());
  unmarkWanted(paths);
  return stopDaemon(paths, timeoutMs, kill);
}

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

export function startText(r: StartResult): string {
  if (r.kind === 'started') return `Warden daemon started (pid ${r.status.pid}), listening on ${r.status.socket}`;
  if (r.kind === 'running') return `Warden daemon already running (pid ${r.status.pid})`;
  return `Warden daemon did not start: ${r.reason}`;
}

export function stopText(r: StopResult): string {
  switch (r.kind) {
    case 'stopped': return `Warden daemon stopped (pid ${r.pid})`;
    case 'killed': return `Warden daemon did not stop in time and was killed (pid ${r.pid})`;
    case 'timeout': return `Warden daemon (pid ${r.pid}) has not stopped yet`;
    case 'not_running': return 'Warden daemon was not running';
  }
}
