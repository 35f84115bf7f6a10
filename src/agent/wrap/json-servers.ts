// MCP server entries in a JSON (with comments) config: `{"mcpServers": {"name": {"command", "args", …}}}`
// and the like. Wrapping replaces the `command` value and puts the proxy's arguments first in
// `args` (adding `args` after `command` when there is none); every other byte stays.
import type { Node } from 'jsonc-parser';
import { nodeAt, parseJsonObject, propertyNode, valueOf } from '../install/json-document.js';
import { commaAfter, indentAt, layoutOf, removeMember, renderJson, type Layout } from '../install/json-layout.js';
import type { TextEdit } from '../install/text-edits.js';
import { prefixArray } from './array-prefix.js';
import type { ServerCommand } from './proxy-argv.js';
import { classifyEntry, sameCommand, type ServerEntry } from './server-entry.js';
import type { Containers, EntryRestore, EntryWrap, FoundServer, Listing, ServerFormat, WrappedServer } from './server-format.js';

const keyOf = (property: Node): string => property.children?.[0]?.value as string;
const raw = (text: string, node: Node): string => text.slice(node.offset, node.offset + node.length);
const byOffsetDescending = (edits: TextEdit[]): TextEdit[] => edits.sort((a, b) => b.offset - a.offset);

/** A key along `path` that an object holds twice: clients read the last one, an editor might change the first. */
function twiceAlong(root: Node, path: readonly string[]): string | null {
  let node: Node | undefined = root;
  for (const key of path) {
    if (node?.type !== 'object') return null;
    const matches: Node[] = (node.children ?? []).filter((p) => keyOf(p) === key);
    if (matches.length > 1) return key;
    node = matches[0]?.children?.[1];
  }
  return null;
}

function entryOf(node: Node): ServerEntry {
  if (node.type === 'object') {
    const keys = (node.children ?? []).map(keyOf);
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    if (twice !== undefined) return { kind: 'invalid', reason: `"${twice}" is given twice` };
  }
  return classifyEntry(valueOf(node));
}

/** Key path of an entry: under its container, or the whole file when the container is empty. */
const pathOf = (container: readonly string[], name: string): readonly string[] => (container.length === 0 ? [] : [...container, name]);

function list(text: string, containers: Containers, single?: string): Listing {
  const tree = parseJsonObject(text);
  if (tree.kind === 'error') return tree;
  const servers: FoundServer[] = [];
  for (const container of containers(valueOf(tree.root))) {
    if (container.length === 0) {
      if (single !== undefined) servers.push({ name: single, container, path: [], entry: entryOf(tree.root) });
      continue;
    }
    const twice = twiceAlong(tree.root, container);
    if (twice !== null) return { kind: 'error', message: `"${twice}" is given twice on the way to "${container.join('.')}"` };
    const node = nodeAt(tree.root, container);
    if (!node) continue;
    if (node.type !== 'object') return { kind: 'error', message: `a file whose "${container.join('.')}" is not an object` };
    const names = (node.children ?? []).map(keyOf);
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const name = keyOf(property);
      if (seen.has(name)) continue;
      seen.add(name);
      const value = property.children?.[1];
      const twice = names.indexOf(name) !== names.lastIndexOf(name);
      const entry: ServerEntry = twice ? { kind: 'invalid', reason: 'defined more than once in this file' } : value ? entryOf(value) : { kind: 'invalid', reason: 'no value' };
      servers.push({ name, container, path: pathOf(container, name), entry });
    }
  }
  return { kind: 'ok', servers };
}

/** Inserts a member right after `property` in `object`, on a line of its own when the object spans lines. */
function insertAfter(text: string, object: Node, property: Node, layout: Layout, member: (indent: string | null) => string): TextEdit {
  const end = property.offset + property.length;
  const inner = text.slice(object.offset + 1, object.offset + object.length - 1);
  if (!/[\r\n]/.test(inner)) return { offset: end, removed: '', inserted: `, ${member(null)}` };
  const indent = indentAt(text, property.offset);
  const comma = commaAfter(text, end);
  if (comma !== null) {
    const rest = /^[ \t]*(\/\/[^\r\n]*)?(?=\r?\n)/.exec(text.slice(comma));
    if (rest) return { offset: comma + rest[0].length, removed: '', inserted: `${layout.eol}${indent}${member(indent)},` };
  }
  return { offset: end, removed: '', inserted: `,${layout.eol}${indent}${member(indent)}` };
}

interface EntryNodes {
  readonly entry: Node;
  readonly command: Node;
  readonly argsProperty?: Node;
  readonly args?: Node;
}

function locate(root: Node, container: readonly string[], name: string): EntryNodes | null {
  const entry = container.length === 0 ? root : nodeAt(root, [...container, name]);
  if (entry?.type !== 'object') return null;
  const command = propertyNode(entry, 'command')?.children?.[1];
  if (!command) return null;
  const argsProperty = propertyNode(entry, 'args');
  return { entry, command, argsProperty, args: argsProperty?.children?.[1] };
}

function wrap(text: string, server: FoundServer, wrapped: ServerCommand): EntryWrap {
  const tree = parseJsonObject(text);
  if (tree.kind === 'error') return tree;
  const nodes = locate(tree.root, server.container, server.name);
  if (!nodes || server.entry.kind !== 'stdio') return { kind: 'error', message: `"${server.name}" is not a local server Warden can wrap` };
  const layout = layoutOf(text);
  const prefix = wrapped.args.slice(0, wrapped.args.length - server.entry.server.args.length).map((a) => JSON.stringify(a));
  const edits: TextEdit[] = [{ offset: nodes.command.offset, removed: raw(text, nodes.command), inserted: JSON.stringify(wrapped.command) }];
  if (nodes.args?.type === 'array') {
    const first = nodes.args.children?.[0];
    edits.push(prefixArray(text, { open: nodes.args.offset, close: nodes.args.offset + nodes.args.length - 1, first: first ? first.offset : null }, prefix, layout, '//'));
  } else {
    const property = nodes.command.parent!;
    edits.push(insertAfter(text, nodes.entry, property, layout, (indent) => `"args": ${renderJson(wrapped.args, layout, indent)}`));
  }
  return { kind: 'ok', edits: byOffsetDescending(edits), raw: { command: raw(text, nodes.command), args: nodes.args ? raw(text, nodes.args) : null } };
}

/** Removes a member; on a one-line object, one right after its neighbour goes with the ", " before it (the reverse of insertAfter). */
function dropMember(text: string, object: Node, member: Node): TextEdit {
  const members = object.children ?? [];
  const previous = members[members.indexOf(member) - 1];
  if (previous && !/[\r\n]/.test(raw(text, object)) && /^\s*,\s*$/.test(text.slice(previous.offset + previous.length, member.offset))) {
    const from = previous.offset + previous.length;
    return { offset: from, removed: text.slice(from, member.offset + member.length), inserted: '' };
  }
  return removeMember(text, object, member);
}

function restore(text: string, recorded: WrappedServer): EntryRestore {
  const tree = parseJsonObject(text);
  if (tree.kind === 'error') return tree;
  const nodes = locate(tree.root, recorded.container, recorded.name);
  if (!nodes) return { kind: 'missing' };
  const entry = entryOf(nodes.entry);
  if (entry.kind !== 'wrapped') return { kind: entry.kind === 'stdio' ? 'unwrapped' : 'missing' };
  const layout = layoutOf(text);
  const exact = sameCommand(entry.server, recorded.wrapped);
  const command = exact ? recorded.raw.command : JSON.stringify(entry.original.command);
  const edits: TextEdit[] = [{ offset: nodes.command.offset, removed: raw(text, nodes.command), inserted: command }];
  const dropArgs = exact ? recorded.raw.args === null : recorded.original.args === null && entry.original.args.length === 0;
  if (nodes.argsProperty && nodes.args) {
    if (dropArgs) edits.push(dropMember(text, nodes.entry, nodes.argsProperty));
    else {
      const multiLine = /[\r\n]/.test(raw(text, nodes.args));
      const args = exact && recorded.raw.args !== null ? recorded.raw.args : renderJson(entry.original.args, layout, multiLine ? indentAt(text, nodes.argsProperty.offset) : null);
      edits.push({ offset: nodes.args.offset, removed: raw(text, nodes.args), inserted: args });
    }
  }
  return { kind: 'ok', edits: byOffsetDescending(edits), changed: !exact };
}

function read(text: string): unknown {
  const tree = parseJsonObject(text);
  return tree.kind === 'tree' ? valueOf(tree.root) : null;
}

function entryPath(doc: unknown, container: readonly string[], name: string): readonly string[] | null {
  return container.length === 0 && (typeof doc !== 'object' || doc === null) ? null : pathOf(container, name);
}

export const JSON_SERVERS: ServerFormat = { read, list, entryPath, wrap, restore };
