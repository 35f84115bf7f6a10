// Reading a JSON-with-comments config file into a tree, refusing anything that is not a clean object.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type JsonTree = { readonly kind: 'tree'; readonly root: Node } | { readonly kind: 'error'; readonly message: string };

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The file's root object; comments and trailing commas are read, any other error refuses the file. */
export function parseJsonObject(text: string): JsonTree {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) return { kind: 'error', message: `not valid JSON: ${printParseErrorCode(first.error)} at ${position(text, first.offset)}` };
  if (!root || root.type !== 'object') return { kind: 'error', message: 'not a JSON object' };
  return { kind: 'tree', root };
}

/** The property node (key and value) named `key` in an object node. */
export function propertyNode(object: Node, key: string): Node | undefined {
  return object.children?.find((p) => p.children?.[0]?.value === key);
}

export const nodeAt = (root: Node, path: readonly string[]): Node | undefined => findNodeAtLocation(root, [...path]);

export const valueOf = (node: Node): unknown => getNodeValue(node);

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
