// Starting and stopping the daemon for the CLI (`warden agent …`, `warden install`, `warden uninstall`).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

export function startDaemonProcess(): Promise<StartResult> {
  const home = wardenHome();
  ensureWardenHome(home);
  return startDetached(daemonPaths(home), process.execPath, [...DAEMON_NODE_FLAGS, mainScript(), 'agent', 'start', '--foreground'], { ...process.env, WARDEN_HOME: home });
}

export const stopDaemonProcess = (timeoutMs?: number, kill = false): Promise<StopResult> => stopDaemon(daemonPaths(wardenHome()), timeoutMs, kill);

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
