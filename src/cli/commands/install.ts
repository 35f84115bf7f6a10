// `warden install` and `warden uninstall`: Warden's hooks in each agent's user config, the policy
// in WARDEN_HOME; see docs/hooks.md for what goes where.
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { detectAgents } from '../../agent/install/detect.js';
import { runInstall } from '../../agent/install/install.js';
import { runUninstall } from '../../agent/install/uninstall.js';
import { HOOK_AGENTS, isHookAgent, type HookAgent } from '../../intercept/hooks/index.js';
import { EXIT, ExitError } from '../exit.js';
import { wardenHome } from '../warden-home.js';
import { printInstall, printUninstall } from './install-output.js';

interface InstallOptions {
  agents: string;
  policy?: string;
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

interface UninstallOptions {
  agents?: string;
  dryRun?: boolean;
  json?: boolean;
}

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** This Node and this CLI by absolute path: agents run hooks with their own PATH, which may lack both. */
export function wardenCommand(): string {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  return `${shellWord(process.execPath)} ${shellWord(realpathSync(main))}`;
}

function agentList(spec: string): HookAgent[] {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isHookAgent(n));
  if (unknown.length > 0) throw new UsageError(`unknown agent${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (agents: ${HOOK_AGENTS.join(', ')}, or auto)`);
  if (names.length === 0) throw new UsageError(`--agents wants a list (${HOOK_AGENTS.join(',')}) or auto`);
  return [...new Set(names as HookAgent[])];
}

const installEnv = () => ({ home: process.env.HOME || homedir(), env: process.env });

export function registerInstall(program: Command): void {
  program
    .command('install')
    .description('Install the policy in $WARDEN_HOME and Warden\'s hooks in each agent\'s user config')
    .option('-a, --agents <list>', `comma-separated: ${HOOK_AGENTS.join(',')}; or auto (agents whose config directory exists or whose command is on PATH)`, 'auto')
    .option('-p, --policy <file>', 'policy to install as $WARDEN_HOME/policy.yaml (default: the starter policy)')
    .option('-f, --force', 'replace an existing $WARDEN_HOME/policy.yaml (it is backed up first)')
    .option('-n, --dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
Each config file keeps everything else it holds, comments included, and is backed up to
$WARDEN_HOME/backups before it changes. A file that cannot be read or parsed is left alone.
Installing again adds nothing twice. What was added is recorded in $WARDEN_HOME/install.json;
\`warden uninstall\` removes exactly that.

Examples:
  warden install                          every agent found on this machine
  warden install --agents claude-code,codex --policy team-policy.yaml
  warden install --dry-run`)
    .action((o: InstallOptions) => {
      const install = installEnv();
      let agents: HookAgent[];
      if (o.agents.trim() === 'auto') {
        agents = detectAgents(install).map((d) => d.agent);
        if (agents.length === 0) throw new UsageError(`found no agent on this machine (no config directory in ${install.home}, no agent command on PATH); name them with --agents ${HOOK_AGENTS.join(',')}`);
      } else agents = agentList(o.agents);
      const report = runInstall({
        agents,
        wardenCommand: wardenCommand(),
        wardenHome: wardenHome(),
        install,
        policyFile: o.policy,
        force: o.force === true,
        dryRun: o.dryRun === true,
        now: new Date(),
      });
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else printInstall(report, install.home);
      if (report.agents.some((a) => a.status === 'error')) throw new ExitError(EXIT.usage);
    });
}

export function registerUninstall(program: Command): void {
  program
    .command('uninstall')
    .description('Remove the hooks `warden install` added, and nothing else')
    .option('-a, --agents <list>', `only these (comma-separated: ${HOOK_AGENTS.join(',')}); default: every agent install recorded`)
    .option('-n, --dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
A file untouched since install gets its exact bytes back. In a file edited since, only Warden's
entries go; an entry changed since install is left in place and reported. Every file is backed up
to $WARDEN_HOME/backups before it changes. $WARDEN_HOME itself (the policy, the audit log) stays.`)
    .action((o: UninstallOptions) => {
      const home = installEnv().home;
      const report = runUninstall({ agents: o.agents ? agentList(o.agents) : undefined, wardenHome: wardenHome(), dryRun: o.dryRun === true, now: new Date() });
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else printUninstall(report, home);
      if (report.agents.some((a) => a.status === 'error')) throw new ExitError(EXIT.usage);
    });
}
