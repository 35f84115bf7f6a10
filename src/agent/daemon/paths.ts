// Where the daemon keeps its state under WARDEN_HOME.
import { join } from 'node:path';

export interface DaemonPaths {
  readonly home: string;
  readonly socket: string;
  /** Holds the running daemon's pid; one daemon per WARDEN_HOME. */
  readonly lock: string;
  /** pino's JSON lines. */
  readonly log: string;
  /** What a detached daemon writes on stdout and stderr (a crash before its log is open). */
  readonly output: string;
  readonly policy: string;
  /** Present while the daemon should run: a hook that finds it gone starts it again (autostart.ts). */
  readonly autostart: string;
}

export function daemonPaths(home: string): DaemonPaths {
  return {
    home,
    socket: join(home, 'warden.sock'),
    lock: join(home, 'daemon.lock'),
    log: join(home, 'daemon.log'),
    output: join(home, 'daemon.out'),
    policy: join(home, 'policy.yaml'),
    autostart: join(home, 'daemon.autostart'),
  };
}
