// `warden agent uninstall`: stop the daemon, then what `warden uninstall` does.
import type { Command } from 'commander';
import { HOOK_AGENTS } from '../../intercept/hooks/index.js';
import { EXIT, ExitError } from '../exit.js';
import { stopDaemonProcess, stopText } from './agent-daemon-control.js';
import { UNINSTALL_HELP, uninstallHooks, type UninstallCommandOptions } from './install.js';

export function registerAgentUninstall(agent: Command): void {
  agent
    .command('uninstall')
    .description('Stop the daemon and remove the hooks `warden install` added, and nothing else')
    .option('-a, --agents <list>', `only these (comma-separated: ${HOOK_AGENTS.join(',')}); default: every agent install recorded`)
    .option('-n, --dry-run', 'show what would change, change nothing (the daemon keeps running)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', UNINSTALL_HELP)
    .action(async (o: UninstallCommandOptions) => {
      if (o.dryRun) {
        uninstallHooks(o);
        return;
      }
      const stopped = await stopDaemonProcess();
      if (stopped.kind === 'timeout') throw new ExitError(EXIT.usage, `${stopText(stopped)}; nothing was uninstalled`);
      if (!o.json) console.log(stopText(stopped));
      uninstallHooks(o, { daemon: { stopped } });
    });
}
