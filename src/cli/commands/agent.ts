// `warden agent start|stop|status|restart|uninstall`: the host daemon (docs/daemon.md).
import type { Command } from 'commander';
import { isWanted } from '../../agent/daemon/autostart.js';
import { daemonStatus } from '../../agent/daemon/control.js';
import { daemonPaths } from '../../agent/daemon/paths.js';
import { EXIT, ExitError } from '../exit.js';
import { wardenHome } from '../warden-home.js';
import { startDaemonProcess, startText, stopDaemonProcess, stopText } from './agent-daemon-control.js';
import { registerAgentDiscover } from './agent-discover.js';
import { printStatus } from './agent-status.js';
import { registerAgentUninstall } from './agent-uninstall.js';

/** `warden agent status` when the daemon does not answer (LSB: program is not running). */
export const EXIT_NOT_RUNNING = 3;

interface JsonOption {
  json?: boolean;
}

function report(o: JsonOption, json: unknown, text: string): void {
  if (o.json) console.log(JSON.stringify(json, null, 2));
  else console.log(text);
}

export function registerAgent(program: Command): void {
  const agent = program
    .command('agent')
    .description('The Warden daemon: judges hook calls with the policy held loaded, keeps the audit log, watches the policy and the hooks')
    .addHelpText('after', `
One daemon per user (per WARDEN_HOME), listening on $WARDEN_HOME/warden.sock; its log is
$WARDEN_HOME/daemon.log. \`warden install\` starts it and \`warden uninstall\` stops it. Without it,
hooks still work: each call judges in its own process, more slowly.

Examples:
  warden agent start                start in the background
  warden agent start --foreground   run attached (for systemd, launchd, tests)
  warden agent status --json        exit status 0 when running, ${EXIT_NOT_RUNNING} when not`);

  agent
    .command('start')
    .description('Start the daemon in the background (nothing happens when it runs already)')
    .option('--foreground', 'run in this process until SIGTERM or SIGINT')
    .option('--json', 'print the result as JSON')
    .action(async (o: JsonOption & { foreground?: boolean }) => {
      if (o.foreground) {
        const { runDaemonForeground } = await import('./agent-run.js');
        await runDaemonForeground();
        return;
      }
      const r = await startDaemonProcess();
      report(o, r, startText(r));
      if (r.kind === 'failed') throw new ExitError(EXIT.usage, `see ${daemonPaths(wardenHome()).output} and ${daemonPaths(wardenHome()).log}`);
    });

  agent
    .command('stop')
    .description('Stop the daemon: it finishes the calls in flight, signs the audit log and exits')
    .option('--timeout <ms>', 'how long to wait for it to exit', '15000')
    .option('--kill', 'SIGKILL it when it has not stopped in time')
    .option('--json', 'print the result as JSON')
    .action(async (o: JsonOption & { timeout: string; kill?: boolean }) => {
      const r = await stopDaemonProcess(Number(o.timeout) || 15_000, o.kill === true);
      report(o, r, stopText(r));
      if (r.kind === 'timeout') throw new ExitError(EXIT.usage);
    });

  agent
    .command('restart')
    .description('Stop the daemon if it runs, and start it again')
    .option('--json', 'print the result as JSON')
    .action(async (o: JsonOption) => {
      const stopped = await stopDaemonProcess();
      if (stopped.kind === 'timeout') throw new ExitError(EXIT.usage, stopText(stopped));
      const started = await startDaemonProcess();
      report(o, { stopped, started }, `${stopText(stopped)}\n${startText(started)}`);
      if (started.kind === 'failed') throw new ExitError(EXIT.usage);
    });

  agent
    .command('status')
    .description(`Ask the daemon how it is; exit status 0 when it runs, ${EXIT_NOT_RUNNING} when it does not`)
    .option('--json', 'print the status as JSON')
    .action(async (o: JsonOption) => {
      const paths = daemonPaths(wardenHome());
      const r = await daemonStatus(paths);
      const autostart = isWanted(paths);
      if (o.json) console.log(JSON.stringify(r.kind === 'running' ? { running: true, ...r.status, autostart } : { running: false, reason: r.reason, pid: r.pid, autostart }, null, 2));
      else printStatus(r, autostart);
      if (r.kind !== 'running') throw new ExitError(EXIT_NOT_RUNNING);
    });

  registerAgentUninstall(agent);
  registerAgentDiscover(agent);
}
