// What one entry of a client's MCP server list is: a local (stdio) server Warden can wrap, one it
// wrapped already, a remote server (the gateway's job), or something it cannot read.
import { unwrapCommand, type ServerCommand } from './proxy-argv.js';

export type ServerEntry =
  | { readonly kind: 'stdio'; readonly server: ServerCommand; readonly hasArgs: boolean; readonly disabled: boolean }
  | { readonly kind: 'wrapped'; readonly server: ServerCommand; readonly original: ServerCommand; readonly disabled: boolean }
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const REMOTE_TYPES = new Set(['http', 'sse', 'streamable-http', 'streamableHttp', 'streamable_http', 'ws', 'websocket']);
/** Where clients keep a remote server's address: `url` (most), `serverUrl` (Windsurf), `httpUrl` (Gemini CLI). */
const URL_KEYS = ['url', 'serverUrl', 'httpUrl'] as const;

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((a) => typeof a === 'string');

export function classifyEntry(value: unknown): ServerEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid', reason: 'not an object' };
  const v = value as Record<string, unknown>;
  const url = URL_KEYS.map((k) => v[k]).find((u) => typeof u === 'string');
  const type = typeof v.type === 'string' ? v.type : undefined;
  // A command is what a client may start, whatever else the entry says (Claude Code starts it
  // beside a url): such an entry is a local server, wrapped like any other.
  const remote = (typeof url === 'string' || (type !== undefined && REMOTE_TYPES.has(type))) && v.command === undefined;
  if (remote) return { kind: 'remote', url: typeof url === 'string' ? url : `(${type})` };
  if (type !== undefined && type !== 'stdio' && type !== 'local' && !REMOTE_TYPES.has(type)) return { kind: 'invalid', reason: `unknown type "${type}"` };
  if (typeof v.command !== 'string') return { kind: 'invalid', reason: v.command === undefined ? 'no command and no url' : 'command is not a string' };
  if (v.command.trim() === '') return { kind: 'invalid', reason: 'command is empty' };
  if (v.args !== undefined && !isStringList(v.args)) return { kind: 'invalid', reason: 'args is not a list of strings' };
  const server: ServerCommand = { command: v.command, args: v.args ?? [] };
  const disabled = v.disabled === true || v.enabled === false;
  const original = unwrapCommand(server);
  if (original) return { kind: 'wrapped', server, original, disabled };
  return { kind: 'stdio', server, hasArgs: v.args !== undefined, disabled };
}

export const sameCommand = (a: ServerCommand, b: ServerCommand): boolean =>
  a.command === b.command && a.args.length === b.args.length && a.args.every((x, i) => x === b.args[i]);
