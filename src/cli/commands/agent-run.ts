// `warden agent start --foreground`: the daemon in this process, until SIGTERM or SIGINT.
import { rmSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { STARTED_BY_HOOK_ENV } from '../../agent/daemon/autostart.js';
import { startDaemon } from '../../agent/daemon/daemon.js';
import { holdsLock } from '../../agent/daemon/lock-file.js';
import { fileLogger } from '../../agent/daemon/logger.js';
import { daemonPaths } from '../../agent/daemon/paths.js';
import { ensureWardenHome } from '../../agent/install/install-policy.js';
import { wardenHome } from '../warden-home.js';
import { wardenCommand } from './install.js';

export { VERSION } from '../version.js';
import { VERSION } from '../version.js';

export async function runDaemonForeground(): Promise<void> {
  const home = wardenHome();
  ensureWardenHome(home);
  const paths = daemonPaths(home);
  const log = fileLogger(paths.log);
  const startedByHook = process.env[STARTED_BY_HOOK_ENV] === '1';
  delete process.env[STARTED_BY_HOOK_ENV];
  const daemon = await startDaemon({
    startedByHook,
    wardenHome: home,
    wardenCommand: wardenCommand(),
    install: { home: process.env.HOME || homedir(), env: process.env },
    host: hostname(),
    version: VERSION,
    log,
  });
  console.log(`warden daemon: pid ${process.pid}, listening on ${paths.socket}; log in ${paths.log}`);

  await new Promise<void>((resolve) => {
    const stop = (why: string) => {
      log.info({ why }, 'stopping');
      daemon.stop().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // WARDEN_HOME removed, or another daemon took the lock: this one has nothing left to guard.
    const orphan = setInterval(() => {
      if (!holdsLock(paths.lock)) {
        clearInterval(orphan);
        stop('lock lost');
      }
    }, 2_000);
    orphan.unref();
    process.on('uncaughtException', (error) => {
      log.fatal({ err: error }, 'uncaught exception; exiting (hooks judge in-process until the daemon is started again)');
      rmSync(paths.socket, { force: true });
      rmSync(paths.lock, { force: true });
      process.exit(1);
    });
    process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
  });
  log.flush();
}
