// Starting and stopping the daemon for the CLI (`warden agent …`, `warden install`, `warden uninstall`).
import { markWanted, unmarkWanted } from '../../agent/daemon/autostart.js';
import { startDetached, stopDaemon, type StartResult, type StopResult } from '../../agent/daemon/control.js';
import { daemonPaths } from '../../agent/daemon/paths.js';
import { ensureWardenHome } from '../../agent/install/install-policy.js';
import { wardenHome } from '../warden-home.js';
import { daemonArgv } from './daemon-launch.js';

/**
 * Starts the daemon in the background and waits until it answers. Once this started it, hooks start
 * it again should it go (autostart.ts); one found running already is left as it is run (under
 * systemd or launchd, nothing must compete with its supervisor).
 */
export async function startDaemonProcess(): Promise<StartResult> {
  const home = wardenHome();
  ensureWardenHome(home);
  const paths = daemonPaths(home);
  const started = await startDetached(paths, process.execPath, daemonArgv(), { ...process.env, WARDEN_HOME: home });
  if (started.kind === 'started') markWanted(paths);
  return started;
}

/** Stops the daemon on purpose: no hook starts it again until it is started. */
export function stopDaemonProcess(timeoutMs?: number, kill = false): Promise<StopResult> {
  const paths = daemonPaths(wardenHome());
  unmarkWanted(paths);
  return stopDaemon(paths, timeoutMs, kill);
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
