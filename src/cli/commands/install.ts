// `warden install` and `warden uninstall`: Warden's hooks in each agent's user config, the policy
// in WARDEN_HOME; see docs/hooks.md for what goes where.
import { realpathSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { StartResult } from '../../agent/daemon/control.js';
import { detectAgents } from '../../agent/install/detect.js';
import { hookClientPath } from '../../agent/install/hook-client-path.js';
import { runInstall } from '../../agent/install/install.js';
import { readRecord } from '../../agent/install/install-record.js';
import { runUninstall, type UninstallReport } from '../../agent/install/uninstall.js';
import { ensureWardenHome } from '../../agent/install/install-policy.js';
import type { Enrollment } from '../../agent/sync/enroll.js';
import { HOOK_AGENTS, isHookAgent, type HookAgent } from '../../intercept/hooks/index.js';
import { EXIT, ExitError } from '../exit.js';
import { VERSION } from '../version.js';
import { wardenHome } from '../warden-home.js';
import { printInstall, printUninstall } from './install-output.js';
import { quoteWord } from '../../core/shell/quote-word.js';

interface InstallOptions {
  agents: string;
  policy?: string;
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
  /** --no-start */
  start: boolean;
  server?: string;
  token?: string;
}

/** This Node and this CLI by absolute path: agents run hooks with their own PATH, which may lack both. */
export function wardenCommand(): string {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  return `${quoteWord(process.execPath)} ${quoteWord(realpathSync(main))}`;
}

/** The compiled hook client beside this CLI (build/bin/warden-hook), when the build made one: agents start it in milliseconds. */
export function hookClient(): string | undefined {
  const client = hookClientPath(fileURLToPath(new URL('../main.js', import.meta.url)));
  return client === null ? undefined : quoteWord(client);
}

function agentList(spec: string): HookAgent[] {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isHookAgent(n));
  if (unknown.length > 0) throw new UsageError(`unknown agent${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (agents: ${HOOK_AGENTS.join(', ')}, or auto)`);
  if (names.length === 0) throw new UsageError(`--agents wants a list (${HOOK_AGENTS.join(',')}) or auto`);
  return [...new Set(names as HookAgent[])];
}

/** --server with --token: enrolls before the hooks go in, so the policy they start with is the org's. */
async function enrollFirst(o: InstallOptions): Promise<Enrollment | null> {
  if (o.server === undefined && o.token === undefined) return null;
  if (!o.server || !o.token) throw new UsageError('--server and --token go together');
  if (o.policy) throw new UsageError('--policy and --server exclude each other: an enrolled host takes its policy from the control plane');
  if (!/^https?:\/\/[^\s]+$/.test(o.server)) throw new UsageError(`--server wants an http(s) URL (got "${o.server}")`);
  if (o.dryRun) return null;
  const { enrollHost } = await import('../../agent/sync/enroll.js');
  const home = wardenHome();
  ensureWardenHome(home);
  try {
    return await enrollHost({ wardenHome: home, url: o.server, token: o.token, hostname: hostname(), version: VERSION });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const installEnv = () => ({ home: process.env.HOME || homedir(), env: process.env });

export function registerInstall(program: Command): void {
  program
    .command('install')
    .description('Install the policy in $WARDEN_HOME and Warden\'s hooks in each agent\'s user config')
    .option('-a, --agents <list>', `comma-separated: ${HOOK_AGENTS.join(',')}; or auto (agents whose config directory exists or whose command is on PATH)`, 'auto')
    .option('-p, --policy <file>', 'policy to install as $WARDEN_HOME/policy.yaml (default: the starter policy)')
    .option('-f, --force', 'replace an existing $WARDEN_HOME/policy.yaml (it is backed up first)')
    .option('-n, --dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as JSON')
    .option('--no-start', 'do not start the daemon (hooks then judge each call in their own process)')
    .option('--server <url>', 'enroll this host in a Warden control plane (with --token): its role becomes the policy, the audit log is uploaded')
    .option('--token <token>', 'the enrollment token from the dashboard or `warden server token create`')
    .addHelpText('after', `
Ends by starting the Warden daemon (\`warden agent start\`) unless --no-start or --dry-run.
Each config file keeps everything else it holds, comments included, and is backed up to
$WARDEN_HOME/backups before it changes. A file that cannot be read or parsed is left alone.
Installing again adds nothing twice. What was added is recorded in $WARDEN_HOME/install.json;
\`warden uninstall\` removes exactly that.

Examples:
  warden install                          every agent found on this machine
  warden install --agents claude-code,codex --policy team-policy.yaml
  warden install --dry-run
  warden install --server https://warden.example.com --token wet_...`)
    .action(async (o: InstallOptions) => {
      const install = installEnv();
      let agents: HookAgent[];
      if (o.agents.trim() === 'auto') {
        agents = detectAgents(install).map((d) => d.agent);
        if (agents.length === 0) throw new UsageError(`found no agent on this machine (no config directory in ${install.home}, no agent command on PATH); name them with --agents ${HOOK_AGENTS.join(',')}`);
      } else agents = agentList(o.agents);
      const enrollment = await enrollFirst(o);
      const report = runInstall({
        agents,
        wardenCommand: wardenCommand(),
        hookClient: hookClient(),
        wardenHome: wardenHome(),
        install,
        policyFile: o.policy,
        force: o.force === true,
        dryRun: o.dryRun === true,
        now: new Date(),
      });
      let daemon: StartResult | null = null;
      let daemonText = '';
      if (o.start && !o.dryRun) {
        const control = await import('./agent-daemon-control.js');
        // A daemon started before the enrollment does not know the server yet.
        if (enrollment) await control.stopDaemonProcess();
        daemon = await control.startDaemonProcess();
        daemonText = control.startText(daemon);
      }
      const server = enrollment ? { url: enrollment.link.url, hostId: enrollment.link.hostId, org: enrollment.link.org, role: enrollment.role } : undefined;
      if (o.json) console.log(JSON.stringify({ ...report, ...(server ? { server } : {}), ...(daemon ? { daemon } : {}) }, null, 2));
      else {
        if (server) console.log(`Enrolled in ${server.url} as host ${server.hostId} (org ${server.org.name}); role ${server.role.name}, ${server.role.mode} mode`);
        printInstall(report, install.home);
        if (daemonText) console.log(daemonText);
      }
      if (report.agents.some((a) => a.status === 'error') || daemon?.kind === 'failed') throw new ExitError(EXIT.usage);
    });
}

export interface UninstallCommandOptions {
  agents?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Takes back the recorded hooks and prints what happened; status 1 when a file could not be changed. */
export function uninstallHooks(o: UninstallCommandOptions, extra: Record<string, unknown> = {}): UninstallReport {
  const home = installEnv().home;
  const report = runUninstall({ agents: o.agents ? agentList(o.agents) : undefined, wardenHome: wardenHome(), dryRun: o.dryRun === true, now: new Date() });
  if (o.json) console.log(JSON.stringify({ ...report, ...extra }, null, 2));
  else printUninstall(report, home);
  if (report.agents.some((a) => a.status === 'error')) throw new ExitError(EXIT.usage);
  return report;
}

export const UNINSTALL_HELP = `
A file untouched since install gets its exact bytes back. In a file edited since, only Warden's
entries go; an entry changed since install is left in place and reported. Every file is backed up
to $WARDEN_HOME/backups before it changes. $WARDEN_HOME itself (the policy, the audit log) stays.`;

export function registerUninstall(program: Command): void {
  program
    .command('uninstall')
    .description('Stop the daemon and remove the hooks `warden install` added, and nothing else')
    .option('-a, --agents <list>', `only these (comma-separated: ${HOOK_AGENTS.join(',')}); default: every agent install recorded`)
    .option('-n, --dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `${UNINSTALL_HELP}
The daemon is stopped first (it would put the hooks back); when hooks of other agents remain, it
is started again.`)
    .action(async (o: UninstallCommandOptions) => {
      if (o.dryRun) {
        uninstallHooks(o);
        return;
      }
      const { startDaemonProcess, stopDaemonProcess, stopText, startText } = await import('./agent-daemon-control.js');
      const stopped = await stopDaemonProcess();
      if (stopped.kind === 'timeout') throw new ExitError(EXIT.usage, `${stopText(stopped)}; nothing was uninstalled`);
      let restarted: StartResult | null = null;
      try {
        uninstallHooks(o, { daemon: { stopped } });
      } finally {
        const left = readRecord(wardenHome());
        if (stopped.kind !== 'not_running' && left.kind === 'ok' && left.record.agents.length > 0) restarted = await startDaemonProcess();
      }
      if (!o.json) {
        if (stopped.kind !== 'not_running') console.log(stopText(stopped));
        if (restarted) console.log(startText(restarted));
      }
    });
}
