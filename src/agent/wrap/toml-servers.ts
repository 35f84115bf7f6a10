// MCP server entries in Codex's config.toml: `[mcp_servers.NAME]` tables (or inline tables, or
// dotted keys) with `command`, `args`, `env`, `cwd`. Wrapping replaces the `command` value and puts
// the proxy's arguments first in `args` (adding an `args` line after `command` when there is none).
import type { TextEdit } from '../install/text-edits.js';
import { layoutOf } from '../install/json-layout.js';
import { parseToml } from '../install/toml-block.js';
import { prefixArray } from './array-prefix.js';
import type { ServerCommand } from './proxy-argv.js';
import { classifyEntry, sameCommand } from './server-entry.js';
import type { Containers, EntryRestore, EntryWrap, FoundServer, Listing, ServerFormat, WrappedServer } from './server-format.js';
import { decodeTomlValue, scanToml, type TomlAssignment } from './toml-spans.js';

/** A TOML basic string: JSON's escapes are TOML's, except that TOML wants DEL escaped too. */
export const tomlString = (s: string): string => JSON.stringify(s).replace(/\u007f/g, '\\u007f');
const tomlArray = (items: readonly string[]): string => `[${items.map(tomlString).join(', ')}]`;

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);
const at = (doc: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined), doc);
const byOffsetDescending = (edits: TextEdit[]): TextEdit[] => edits.sort((a, b) => b.offset - a.offset);
const slice = (text: string, a: TomlAssignment): string => text.slice(a.value.start, a.value.end);

function list(text: string, containers: Containers): Listing {
  const doc = parseToml(text);
  if (doc.kind === 'error') return doc;
  const servers: FoundServer[] = [];
  for (const container of containers(doc.value)) {
    const table = at(doc.value, container);
    if (table === undefined) continue;
    if (typeof table !== 'object' || table === null || Array.isArray(table)) return { kind: 'error', message: `a file whose [${container.join('.')}] is not a table` };
    for (const [name, value] of Object.entries(table)) servers.push({ name, container, path: [...container, name], entry: classifyEntry(value) });
  }
  return { kind: 'ok', servers };
}

interface EntrySpans { readonly command: TomlAssignment; readonly args?: TomlAssignment }

/** The `command` and `args` assignments of one server, checked against what smol-toml reads there. */
function locate(text: string, container: readonly string[], name: string, expected: ServerCommand & { hasArgs: boolean }): EntrySpans | string {
  const scan = scanToml(text);
  if (scan.kind === 'error') return `cannot find its place in the file (${scan.message})`;
  const path = [...container, name];
  const command = scan.assignments.find((a) => samePath(a.path, [...path, 'command']));
  const args = scan.assignments.find((a) => samePath(a.path, [...path, 'args']));
  if (!command || decodeTomlValue(slice(text, command)) !== expected.command) return 'cannot find its command in the file';
  if (expected.hasArgs) {
    if (!args || args.value.kind !== 'array') return 'cannot find its args in the file';
    const decoded = decodeTomlValue(slice(text, args));
    if (!sameCommand({ command: '', args: decoded as string[] }, { command: '', args: expected.args })) return 'cannot find its args in the file';
  } else if (args) return 'cannot find its args in the file';
  return { command, args };
}

/** The key that names `args` beside `command`, as the file wrote it: `args`, `fs.args`, `mcp_servers.fs.args`. */
const siblingKey = (text: string, command: TomlAssignment): string => `${text.slice(command.keyStart, command.lastKey)}args`;

function addArgs(text: string, command: TomlAssignment, args: readonly string[]): TextEdit {
  const key = siblingKey(text, command);
  if (command.inline) return { offset: command.value.end, removed: '', inserted: `, ${key} = ${tomlArray(args)}` };
  const newline = text.indexOf('\n', command.value.end);
  const end = newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', command.keyStart - 1) + 1))![0];
  return { offset: end, removed: '', inserted: `${layoutOf(text).eol}${indent}${key} = ${tomlArray(args)}` };
}

function dropArgs(text: string, args: TomlAssignment): TextEdit {
  let from: number;
  let to = args.value.end;
  if (args.inline) {
    const before = /,[ \t]*$/.exec(text.slice(0, args.keyStart));
    from = before ? before.index : args.keyStart;
    if (!before) to += /^[ \t]*,?[ \t]*/.exec(text.slice(to))![0].length;
  } else {
    from = text.lastIndexOf('\n', args.keyStart - 1) + 1;
    const newline = text.indexOf('\n', to);
    if (newline >= 0) to = newline + 1;
    else {
      to = text.length;
      // The last line of the file: the line end before it goes instead.
      from = Math.max(0, from - (text.slice(0, from).endsWith('\r\n') ? 2 : 1));
    }
  }
  return { offset: from, removed: text.slice(from, to), inserted: '' };
}

function wrap(text: string, server: FoundServer, wrapped: ServerCommand): EntryWrap {
  if (server.entry.kind !== 'stdio') return { kind: 'error', message: `"${server.name}" is not a local server Warden can wrap` };
  const spans = locate(text, server.container, server.name, { ...server.entry.server, hasArgs: server.entry.hasArgs });
  if (typeof spans === 'string') return { kind: 'error', message: spans };
  const prefix = wrapped.args.slice(0, wrapped.args.length - server.entry.server.args.length);
  const edits: TextEdit[] = [{ offset: spans.command.value.start, removed: slice(text, spans.command), inserted: tomlString(wrapped.command) }];
  if (spans.args) {
    const { start, end, elements } = spans.args.value;
    edits.push(prefixArray(text, { open: start, close: end - 1, first: elements[0]?.start ?? null }, prefix.map(tomlString), layoutOf(text), '#'));
  } else edits.push(addArgs(text, spans.command, wrapped.args));
  return { kind: 'ok', edits: byOffsetDescending(edits), raw: { command: slice(text, spans.command), args: spans.args ? slice(text, spans.args) : null } };
}

function restore(text: string, recorded: WrappedServer): EntryRestore {
  const doc = parseToml(text);
  if (doc.kind === 'error') return doc;
  const entry = classifyEntry(at(doc.value, [...recorded.container, recorded.name]));
  if (entry.kind !== 'wrapped') return { kind: entry.kind === 'stdio' ? 'unwrapped' : 'missing' };
  const spans = locate(text, recorded.container, recorded.name, { ...entry.server, hasArgs: true });
  if (typeof spans === 'string') return { kind: 'error', message: spans };
  const exact = sameCommand(entry.server, recorded.wrapped);
  const edits: TextEdit[] = [{ offset: spans.command.value.start, removed: slice(text, spans.command), inserted: exact ? recorded.raw.command : tomlString(entry.original.command) }];
  const drop = exact ? recorded.raw.args === null : recorded.original.args === null && entry.original.args.length === 0;
  if (spans.args) {
    if (drop) edits.push(dropArgs(text, spans.args));
    else edits.push({ offset: spans.args.value.start, removed: slice(text, spans.args), inserted: exact && recorded.raw.args !== null ? recorded.raw.args : tomlArray(entry.original.args) });
  }
  return { kind: 'ok', edits: byOffsetDescending(edits), changed: !exact };
}

function read(text: string): unknown {
  const doc = parseToml(text);
  return doc.kind === 'ok' ? doc.value : null;
}

export const TOML_SERVERS: ServerFormat = { read, list, entryPath: (_doc, container, name) => [...container, name], wrap, restore };
