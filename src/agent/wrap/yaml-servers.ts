// MCP server entries in Continue's YAML: a list under `mcpServers`, each entry a mapping with a
// `name` (`- name: fs\n  command: npx\n  args: [...]`), in config.yaml and in the block files of
// `.continue/mcpServers/`. Wrapping replaces the `command` value and puts the proxy's arguments
// first in `args` (adding `args` after `command` when there is none); every other byte stays.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { layoutOf } from '../install/json-layout.js';
import type { TextEdit } from '../install/text-edits.js';
import { prefixArray } from './array-prefix.js';
import type { ServerCommand } from './proxy-argv.js';
import { classifyEntry, sameCommand, type ServerEntry } from './server-entry.js';
import type { Containers, EntryRestore, EntryWrap, FoundServer, Listing, ServerFormat, WrappedServer } from './server-format.js';

type Parsed = { readonly kind: 'doc'; readonly doc: Document.Parsed } | { readonly kind: 'error'; readonly message: string };
type Range = readonly [number, number, number];

/** Aliases a file may expand: more is a "billion laughs" file, not a config. */
const MAX_ALIASES = 100;

function parse(text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const at = lines.linePos(first.pos[0]);
    return { kind: 'error', message: `not valid YAML: ${first.message.split('\n')[0]} at line ${at.line}, column ${at.col}` };
  }
  if (doc.contents !== null && !isMap(doc.contents)) return { kind: 'error', message: 'not a YAML mapping' };
  return { kind: 'doc', doc };
}

/** The document as data; null when its aliases expand past MAX_ALIASES. */
function valueOf(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {};
  } catch {
    return null;
  }
}

function read(text: string): unknown {
  const parsed = parse(text);
  return parsed.kind === 'error' ? null : valueOf(parsed.doc);
}

/**
 * A YAML double-quoted scalar: JSON's escapes are YAML's, and YAML also wants DEL and the C1
 * controls escaped (it does not print them).
 */
export const yamlString = (s: string): string => JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const js = (doc: Document.Parsed, node: unknown): unknown => {
  try {
    return isMap(node) || isSeq(node) || isScalar(node) ? node.toJS(doc, { maxAliasCount: MAX_ALIASES }) : node;
  } catch {
    return undefined;
  }
};

/** The list at `container`: undefined when the file has none, null when what is there is not a list. */
function listAt(doc: Document.Parsed, container: readonly string[]): YAMLSeq | null | undefined {
  const node = doc.getIn(container, true);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  return isSeq(node) ? node : null;
}

const nameOf = (doc: Document.Parsed, item: unknown): string | null => {
  if (!isMap(item)) return null;
  const name = js(doc, item.get('name', true));
  return typeof name === 'string' ? name : null;
};

function entryOf(doc: Document.Parsed, item: unknown, twice: boolean): ServerEntry {
  if (twice) return { kind: 'invalid', reason: 'defined more than once in this file' };
  const value = js(doc, item);
  if (value === undefined) return { kind: 'invalid', reason: 'uses more aliases than Warden expands' };
  return hubBlock(doc, item) ?? classifyEntry(value);
}

/** `- uses: owner/block`: Continue fetches the entry from its Hub, so there is no command here to wrap. */
function hubBlock(doc: Document.Parsed, item: unknown): ServerEntry | null {
  const uses = isMap(item) && !item.has('command') && !item.has('url') ? js(doc, item.get('uses', true)) : undefined;
  return typeof uses === 'string' ? { kind: 'invalid', reason: `a Hub block (uses: ${uses}): Continue fetches its definition; put its command in the file to wrap it` } : null;
}

function list(text: string, containers: Containers): Listing {
  const parsed = parse(text);
  if (parsed.kind === 'error') return parsed;
  const { doc } = parsed;
  const servers: FoundServer[] = [];
  for (const container of containers(valueOf(doc))) {
    const seq = listAt(doc, container);
    if (seq === undefined) continue;
    if (seq === null) return { kind: 'error', message: `a file whose "${container.join('.')}" is not a list` };
    const names = seq.items.map((item) => nameOf(doc, item));
    seq.items.forEach((item, i) => {
      const name = names[i] ?? null;
      const path = [...container, String(i)];
      if (isAlias(item)) {
        // `- *name`: the entry is written elsewhere; changing it here would change it there too.
        const target = nameOf(doc, item.resolve(doc));
        servers.push({ name: target ?? `#${i + 1}`, container, path, entry: { kind: 'invalid', reason: `an alias (*${item.source}) of an entry written elsewhere in the file; write the entry out here to wrap it` } });
      } else if (name === null) servers.push({ name: `#${i + 1}`, container, path, entry: hubBlock(doc, item) ?? { kind: 'invalid', reason: 'an entry without a name' } });
      else servers.push({ name, container, path, entry: entryOf(doc, item, names.indexOf(name) !== names.lastIndexOf(name)) });
    });
  }
  return { kind: 'ok', servers };
}

function entryPath(doc: unknown, container: readonly string[], name: string): readonly string[] | null {
  const items = container.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), doc);
  if (!Array.isArray(items)) return null;
  const named = items.flatMap((item: unknown, i) => (typeof item === 'object' && item !== null && (item as { name?: unknown }).name === name ? [i] : []));
  return named.length === 1 ? [...container, String(named[0])] : null;
}

interface EntryNodes {
  readonly item: YAMLMap;
  readonly command: { readonly key: Range; readonly value: Range };
  /** seq: null when the value is an alias of a list elsewhere (replaced whole, never edited in place). */
  readonly args?: { readonly key: Range; readonly value: Range; readonly seq: YAMLSeq | null };
}

const rangeOf = (node: unknown): Range | undefined => (node !== null && typeof node === 'object' && 'range' in node ? (node.range as Range | undefined) ?? undefined : undefined);

function locate(doc: Document.Parsed, container: readonly string[], name: string): EntryNodes | null {
  const seq = listAt(doc, container);
  if (!seq) return null;
  const matches = seq.items.filter((item) => nameOf(doc, item) === name);
  const item = matches[0];
  if (matches.length !== 1 || !isMap(item)) return null;
  const pair = (key: string): Pair | undefined => item.items.find((p) => isScalar(p.key) && p.key.value === key);
  const command = pair('command');
  const commandKey = rangeOf(command?.key);
  const commandValue = rangeOf(command?.value);
  if (!commandKey || !commandValue || !(isScalar(command?.value) || isAlias(command?.value))) return null;
  const args = pair('args');
  const argsKey = rangeOf(args?.key);
  const argsValue = rangeOf(args?.value);
  if (args && (!argsKey || !argsValue || !(isSeq(args.value) || isAlias(args.value)))) return null;
  return { item, command: { key: commandKey, value: commandValue }, ...(args && argsKey && argsValue ? { args: { key: argsKey, value: argsValue, seq: isSeq(args.value) ? args.value : null } } : {}) };
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
/** Spaces up to `offset` on its line (a `- ` before a key counts as indentation of what follows it). */
const columnPad = (text: string, offset: number): string => ' '.repeat(offset - lineStart(text, offset));
/** A value's text ends with the line end of a block scalar or a block list: a replacement keeps it. */
const lineEndOf = (removed: string): string => /\r?\n$/.exec(removed)?.[0] ?? '';
const flowList = (items: readonly string[]): string => `[${items.map(yamlString).join(', ')}]`;
const byOffsetDescending = (edits: TextEdit[]): TextEdit[] => edits.sort((a, b) => b.offset - a.offset);

/** Replaces a value (scalar or list) in place; the line end a block value carries stays. */
function replaceValue(text: string, range: Range, inserted: string): TextEdit {
  const removed = text.slice(range[0], range[1]);
  return { offset: range[0], removed, inserted: `${inserted}${lineEndOf(removed)}` };
}

/** Puts `elements` (rendered) first in a list: in its brackets, or as `- ` lines before its first. */
function prefixList(text: string, seq: YAMLSeq, range: Range, elements: readonly string[]): TextEdit {
  const layout = layoutOf(text);
  if (seq.flow) {
    const first = rangeOf(seq.items[0]);
    return prefixArray(text, { open: range[0], close: range[1] - 1 - lineEndOf(text.slice(range[0], range[1])).length, first: first ? first[0] : null }, elements, layout, '#');
  }
  const pad = columnPad(text, range[0]);
  return { offset: range[0], removed: '', inserted: elements.map((e) => `- ${e}${layout.eol}${pad}`).join('') };
}

/** Adds `args` right after the `command` pair: in a flow mapping after its value, else on a line of its own. */
function addArgs(text: string, nodes: EntryNodes, args: readonly string[]): TextEdit {
  const member = `args: ${flowList(args)}`;
  const end = nodes.command.value[1];
  if (nodes.item.flow) return { offset: end, removed: '', inserted: `, ${member}` };
  const eol = layoutOf(text).eol;
  const pad = columnPad(text, nodes.command.key[0]);
  if (lineEndOf(text.slice(nodes.command.value[0], end)) !== '') return { offset: end, removed: '', inserted: `${pad}${member}${eol}` };
  const newline = text.indexOf('\n', end);
  const at = newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  return { offset: at, removed: '', inserted: `${eol}${pad}${member}` };
}

/** Removes the `args` pair: its lines in a block mapping, or `, args: […]` in a flow one. */
function dropArgs(text: string, nodes: EntryNodes): TextEdit {
  const args = nodes.args!;
  if (nodes.item.flow) {
    const before = /,[ \t]*$/.exec(text.slice(0, args.key[0]));
    const from = before ? before.index : args.key[0];
    const to = args.value[1] + (before ? 0 : /^[ \t]*,?[ \t]*/.exec(text.slice(args.value[1]))![0].length);
    return { offset: from, removed: text.slice(from, to), inserted: '' };
  }
  const from = lineStart(text, args.key[0]);
  let to = args.value[1];
  if (!text.slice(args.value[0], to).endsWith('\n')) {
    const newline = text.indexOf('\n', to);
    to = newline < 0 ? text.length : newline + 1;
  }
  return { offset: from, removed: text.slice(from, to), inserted: '' };
}

function wrap(text: string, server: FoundServer, wrapped: ServerCommand): EntryWrap {
  const parsed = parse(text);
  if (parsed.kind === 'error') return parsed;
  const nodes = locate(parsed.doc, server.container, server.name);
  if (!nodes || server.entry.kind !== 'stdio') return { kind: 'error', message: `"${server.name}" is not a local server Warden can wrap` };
  const prefix = wrapped.args.slice(0, wrapped.args.length - server.entry.server.args.length).map(yamlString);
  const edits: TextEdit[] = [replaceValue(text, nodes.command.value, yamlString(wrapped.command))];
  if (nodes.args?.seq) edits.push(prefixList(text, nodes.args.seq, nodes.args.value, prefix));
  else if (nodes.args) edits.push(replaceValue(text, nodes.args.value, flowList(wrapped.args)));
  else edits.push(addArgs(text, nodes, wrapped.args));
  // Recorded without the line end a block value carries: a restore puts it back before that line end.
  const raw = (r: Range): string => { const t = text.slice(r[0], r[1]); return t.slice(0, t.length - lineEndOf(t).length); };
  return { kind: 'ok', edits: byOffsetDescending(edits), raw: { command: raw(nodes.command.value), args: nodes.args ? raw(nodes.args.value) : null } };
}

function restore(text: string, recorded: WrappedServer): EntryRestore {
  const parsed = parse(text);
  if (parsed.kind === 'error') return parsed;
  const nodes = locate(parsed.doc, recorded.container, recorded.name);
  if (!nodes) return { kind: 'missing' };
  const entry = classifyEntry(js(parsed.doc, nodes.item));
  if (entry.kind !== 'wrapped') return { kind: entry.kind === 'stdio' ? 'unwrapped' : 'missing' };
  const exact = sameCommand(entry.server, recorded.wrapped);
  const edits: TextEdit[] = [replaceValue(text, nodes.command.value, exact ? recorded.raw.command : yamlString(entry.original.command))];
  const drop = exact ? recorded.raw.args === null : recorded.original.args === null && entry.original.args.length === 0;
  if (nodes.args) {
    if (drop) edits.push(dropArgs(text, nodes));
    else edits.push(replaceValue(text, nodes.args.value, exact && recorded.raw.args !== null ? recorded.raw.args : flowList(entry.original.args)));
  }
  return { kind: 'ok', edits: byOffsetDescending(edits), changed: !exact };
}

export const YAML_SERVERS: ServerFormat = { read, list, entryPath, wrap, restore };
