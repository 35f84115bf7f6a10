// The command line that puts one stdio MCP server behind `warden proxy`, and reading it back:
// `<node> <warden main.js> proxy --name NAME [options] -- <command> <args…>`.

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

/** A client's server name as the proxy accepts it: other characters become `_`. */
export function proxyServerName(name: string): string {
  if (PROXY_NAME.test(name)) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return (/^[A-Za-z0-9]/.test(cleaned) ? cleaned : `server${cleaned}`).slice(0, 128);
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

/** Warden's program or script, however it was installed: a path naming warden, or its main.js. */
const looksLikeWarden = (word: string): boolean => /warden/i.test(word) || /(^|[/\\])main\.js$/.test(word);

/**
 * The original command line inside a Warden proxy invocation, or null when `command` does not run
 * `warden proxy … -- <command>`: a Warden program (or Node running Warden's main.js), `proxy`, `--`.
 */
export function unwrapCommand(entry: ServerCommand): ServerCommand | null {
  const at = entry.args.indexOf('proxy');
  if (at < 0) return null;
  const before = entry.args.slice(0, at);
  if (!looksLikeWarden(entry.command) && !before.some(looksLikeWarden)) return null;
  const dash = entry.args.indexOf('--', at + 1);
  const original = entry.args[dash + 1];
  if (dash < 0 || original === undefined) return null;
  return { command: original, args: entry.args.slice(dash + 2) };
}

/** The `--name` a wrapped entry passes to the proxy. */
export function proxyName(entry: ServerCommand): string | undefined {
  const at = entry.args.indexOf('--name');
  const dash = entry.args.indexOf('--');
  return at >= 0 && (dash < 0 || at < dash) ? entry.args[at + 1] : undefined;
}
