// Reading a JSON-with-comments config file into a tree, refusing anything that is not a clean object.
import { createScanner, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type JsonTree = { readonly kind: 'tree'; readonly root: Node } | { readonly kind: 'error'; readonly message: string };

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** jsonc-parser's SyntaxKind values (a const enum, which this build cannot import). */
const TOKEN = { openBrace: 1, closeBrace: 2, openBracket: 3, closeBracket: 4, eof: 17 } as const;

/** Deeper than any config: the parser and every walk of its tree recurse once per level. */
export const MAX_JSON_DEPTH = 256;

/** Where the text first nests deeper than MAX_JSON_DEPTH, or -1 (tokens read in a loop, no recursion). */
function tooDeepAt(text: string): number {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== TOKEN.eof; token = scanner.scan()) {
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) {
      if (++depth > MAX_JSON_DEPTH) return scanner.getTokenOffset();
    } else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) depth--;
  }
  return -1;
}

/** The file's root object; comments and trailing commas are read, any other error refuses the file. */
export function parseJsonObject(text: string): JsonTree {
  const deep = tooDeepAt(text);
  if (deep >= 0) return { kind: 'error', message: `not a config Warden reads: nested deeper than ${MAX_JSON_DEPTH} levels at ${position(text, deep)}` };
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
