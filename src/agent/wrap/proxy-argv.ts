// The command line that puts one stdio MCP server behind `warden proxy`, and reading it back:
// `<node> <warden main.js> proxy --name NAME [options] -- <command> <args…>`.
import { createHash } from 'node:crypto';

/** How the client should start Warden: an absolute program and the arguments before `proxy`. */
export interface Launcher {
  readonly command: string;
  readonly args: readonly string[];
}

export interface ProxyOptions {
  readonly policy?: string;
  readonly blockUndeclared?: boolean;
}

/** The server's original command line. */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** The names `warden proxy --name` accepts (the server part of `server/tool` rules). */
export const PROXY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * A client's server name as the proxy accepts it. Other characters become `_`, and a name that had
 * to change gets a short hash of the original, so two servers ("a b", "a_b") never share a name,
 * nor the rules and declared tools kept under it.
 */
export function proxyServerName(name: string): string {
  if (PROXY_NAME.test(name)) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, '_');
  const base = /^[A-Za-z0-9]/.test(cleaned) ? cleaned : `server${cleaned}`;
  return `${base.slice(0, 120)}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
}

export function proxyArgs(launcher: Launcher, name: string, options: ProxyOptions): string[] {
  const flags = ['--name', proxyServerName(name)];
  if (options.policy !== undefined) flags.push('--policy', options.policy);
  if (options.blockUndeclared) flags.push('--block-undeclared');
  return [...launcher.args, 'proxy', ...flags, '--'];
}

/** The command and args that run `server` through the proxy. */
export function wrapCommand(launcher: Launcher, name: string, server: ServerCommand, options: ProxyOptions): ServerCommand {
  return { command: launcher.command, args: [...proxyArgs(launcher, name, options), server.command, ...server.args] };
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
/** Warden's CLI as wrap names it: an absolute path to its main.js (run by Node), or to a `warden` program. */
const wardenScript = (word: string): boolean => isAbsolute(word) && /[/\\]cli[/\\]main\.js$/.test(word);
const wardenProgram = (word: string): boolean => isAbsolute(word) && /[/\\]warden(\.cmd|\.exe)?$/i.test(word);

/** The proxy's flags between `proxy` and `--` as wrap writes them, or null for anything else. */
function proxyFlags(flags: readonly string[]): { name: string; policy?: string; blockUndeclared: boolean } | null {
  let name: string | undefined;
  let policy: string | undefined;
  let blockUndeclared = false;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === '--name' && name === undefined && flags[i + 1] !== undefined && PROXY_NAME.test(flags[i + 1]!)) name = flags[++i];
    else if (flag === '--policy' && policy === undefined && flags[i + 1] !== undefined) policy = flags[++i];
    else if (flag === '--block-undeclared' && !blockUndeclared) blockUndeclared = true;
    else return null;
  }
  return name === undefined ? null : { name, ...(policy !== undefined ? { policy } : {}), blockUndeclared };
}

/** Where `proxy` stands in a command line of the form wrap writes, or -1. */
function proxyAt(entry: ServerCommand): number {
  if (wardenProgram(entry.command) && entry.args[0] === 'proxy') return 0;
  if (isAbsolute(entry.command) && entry.args.length > 1 && wardenScript(entry.args[0]!) && entry.args[1] === 'proxy') return 1;
  return -1;
}

/**
 * The original command line inside a Warden proxy invocation, or null when `command` does not run
 * `warden proxy … -- <command>` in the form wrap writes: Warden by absolute path (its program, or
 * Node and its main.js), `proxy`, wrap's flags, `--`, the server. Anything looser would let a
 * config file pass a server of its own for a wrapped one.
 */
export function unwrapCommand(entry: ServerCommand): ServerCommand | null {
  const at = proxyAt(entry);
  if (at < 0) return null;
  const dash = entry.args.indexOf('--', at + 1);
  const original = entry.args[dash + 1];
  if (dash < 0 || original === undefined || proxyFlags(entry.args.slice(at + 1, dash)) === null) return null;
  return { command: original, args: entry.args.slice(dash + 2) };
}

/** The `--name` a wrapped entry passes to the proxy. */
export function proxyName(entry: ServerCommand): string | undefined {
  const at = entry.args.indexOf('--name');
  const dash = entry.args.indexOf('--');
  return at >= 0 && (dash < 0 || at < dash) ? entry.args[at + 1] : undefined;
}
