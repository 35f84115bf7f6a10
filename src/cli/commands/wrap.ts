// `warden wrap` and `warden unwrap`: every local MCP server of a client put behind `warden proxy`,
// and taken back out; see docs/mcp-clients.md for each client's files.
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { foundClients, isMcpClient, MCP_CLIENTS, type ClientEnv, type McpClient, type Scope } from '../../agent/wrap/clients.js';
import { listClients } from '../../agent/wrap/list.js';
import type { Launcher } from '../../agent/wrap/proxy-argv.js';
import { runUnwrap } from '../../agent/wrap/unwrap.js';
import { runWrap } from '../../agent/wrap/wrap.js';
import { readWrapRecord } from '../../agent/wrap/wrap-record.js';
import { EXIT, ExitError } from '../exit.js';
import { wardenHome } from '../warden-home.js';
import { printList, printUnwrap, printWrap } from './wrap-output.js';

interface WrapFlags {
  client?: string;
  all?: boolean;
  list?: boolean;
  config?: string;
  scope?: string;
  servers?: string;
  policy?: string;
  blockUndeclared?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

type UnwrapFlags = Pick<WrapFlags, 'client' | 'all' | 'config' | 'servers' | 'dryRun' | 'json'>;

/** This Node and this CLI by absolute path: clients start servers with their own PATH, which may lack both. */
function launcher(): Launcher {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  return { command: process.execPath, args: [realpathSync(main)] };
}

const clientEnv = (): ClientEnv => ({ home: process.env.HOME || homedir(), cwd: process.cwd(), env: process.env, platform: process.platform });

function clientList(spec: string): McpClient[] {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isMcpClient(n));
  if (unknown.length > 0) throw new UsageError(`unknown client${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (clients: ${MCP_CLIENTS.join(', ')})`);
  if (names.length === 0) throw new UsageError(`--client wants one of ${MCP_CLIENTS.join(', ')}`);
  return [...new Set(names as McpClient[])];
}

function serverList(spec: string | undefined): string[] | undefined {
  if (spec === undefined) return undefined;
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('--servers wants at least one server name (comma-separated)');
  return names;
}

/** The file --config names: it must be there (wrap would otherwise report "no MCP config found" and succeed). */
function configFile(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  const file = resolve(spec);
  if (!existsSync(file)) throw new UsageError(`--config ${spec}: no such file`);
  return file;
}

function scopeOf(spec: string | undefined): Scope | undefined {
  if (spec === undefined) return undefined;
  if (spec !== 'user' && spec !== 'project') throw new UsageError(`--scope is user or project, not "${spec}"`);
  return spec;
}

function policyFile(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  const file = resolve(spec);
  try {
    if (!statSync(file).isFile()) throw new UsageError(`--policy ${spec} is not a file`);
    accessSync(file, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--policy ${spec} cannot be read: ${(error as Error).message}`);
  }
  return file;
}

const CLIENT_HELP = `one of ${MCP_CLIENTS.join(', ')} (or a comma-separated list)`;

export function registerWrap(program: Command): void {
  program
    .command('wrap')
    .description('Run every local (stdio) MCP server of a client through `warden proxy`')
    .option('-c, --client <name>', CLIENT_HELP)
    .option('--all', 'every client with an MCP config on this machine or in this project')
    .option('-l, --list', 'show the clients found, their config files and servers, wrapped or not; change nothing')
    .option('--config <file>', 'wrap the servers in this file (read the way --client reads its own)')
    .option('--scope <scope>', 'user (the client\'s user config) or project (the config in this directory); default: both')
    .option('--servers <names>', 'only these servers (comma-separated)')
    .option('-p, --policy <file>', 'the proxy judges calls by this policy (default: $WARDEN_HOME/policy.yaml)')
    .option('--block-undeclared', 'the proxy blocks tools the server never declared, and tools whose definition changed')
    .option('-n, --dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
Each local server's {command, args} becomes
  {command: <node>, args: [<warden main.js>, "proxy", "--name", <server>, …, "--", <command>, …<args>]}
with env, cwd and every other key unchanged. Remote (url) servers are left alone and reported: put
them behind \`warden gateway\`. The rest of each file, comments and formatting included, is kept; the
file is backed up to $WARDEN_HOME/backups first and each change is recorded in $WARDEN_HOME/wrap.json,
so that \`warden unwrap\` restores exactly the original entries. Wrapping again changes nothing.
Restart the client (or reload its MCP servers) afterwards.

Examples:
  warden wrap --list
  warden wrap --client claude-code --dry-run
  warden wrap --client codex --block-undeclared
  warden wrap --client cursor --config ~/work/app/.cursor/mcp.json --servers github
  warden wrap --all`)
    .action((o: WrapFlags) => {
      const env = clientEnv();
      if (o.list) {
        if (o.config !== undefined) throw new UsageError('--list shows every client\'s usual files; to see what wrap would do to one file, give --config FILE --client NAME --dry-run');
        const clients = o.client ? clientList(o.client) : [...MCP_CLIENTS];
        const recorded = readWrapRecord(wardenHome());
        if (recorded.kind === 'error') throw new UsageError(`${recorded.message}; move it aside to list again`);
        const files = listClients(env, recorded.record, clients);
        if (o.json) console.log(JSON.stringify({ files }, null, 2));
        else printList(files, clients, env.home);
        return;
      }
      if (o.all && o.client) throw new UsageError('give --client or --all, not both');
      let clients: McpClient[];
      if (o.all) {
        if (o.config) throw new UsageError('--config names one client\'s file: give it with --client');
        clients = foundClients(env);
        if (clients.length === 0) throw new UsageError(`found no MCP client config on this machine or in ${env.cwd}; see \`warden wrap --list\``);
      } else if (o.client) clients = clientList(o.client);
      else throw new UsageError(`which client? --client ${MCP_CLIENTS.join('|')}, or --all (see \`warden wrap --list\`)`);
      const report = runWrap({
        clients,
        configFile: configFile(o.config),
        scope: scopeOf(o.scope),
        launcher: launcher(),
        proxy: { policy: policyFile(o.policy), blockUndeclared: o.blockUndeclared === true },
        servers: serverList(o.servers),
        wardenHome: wardenHome(),
        env,
        dryRun: o.dryRun === true,
        now: new Date(),
      });
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else printWrap(report, env.home);
      const failed = report.files.some((f) => f.status === 'error' || f.servers.some((s) => s.status === 'error'));
      if (failed) throw new ExitError(EXIT.usage);
    });
}

export function registerUnwrap(program: Command): void {
  program
    .command('unwrap')
    .description('Restore the MCP server entries `warden wrap` changed, and nothing else')
    .option('-c, --client <name>', `only this client's files: ${CLIENT_HELP}; default: every file wrap recorded`)
    .option('--all', 'every file wrap recorded (the default)')
    .option('--config <file>', 'only this file')
    .option('--servers <names>', 'only these servers (comma-separated)')
    .option('-n, --dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
A file untouched since wrap gets its exact bytes back. In a file edited since, only Warden's entries
change back, each to the command and args it had; an entry edited since wrap gets the command line
after its "--". Every file is backed up to $WARDEN_HOME/backups before it changes.`)
    .action((o: UnwrapFlags) => {
      if (o.all && o.client) throw new UsageError('give --client or --all, not both');
      const report = runUnwrap({
        clients: o.client ? clientList(o.client) : undefined,
        configFile: o.config,
        servers: serverList(o.servers),
        wardenHome: wardenHome(),
        dryRun: o.dryRun === true,
        now: new Date(),
      });
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else printUnwrap(report, clientEnv().home);
      if (report.files.some((f) => f.status === 'error' || f.servers.some((s) => s.status === 'error'))) throw new ExitError(EXIT.usage);
    });
}
