// Problems found in a config or policy file, located precisely enough for an editor to jump to.
import { LineCounter, isNode, isScalar, parseDocument, visit, type Document } from 'yaml';

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted path inside the document, e.g. roles[0].commands[2].pattern. */
  readonly path: string;
  readonly message: string;
}

export interface LoadResult<T> {
  readonly value: T | null;
  readonly warnings: readonly Problem[];
  readonly errors: readonly Problem[];
}

export const formatProblem = (p: Problem): string => `${p.file}:${p.line}:${p.col}: ${p.message}${p.path ? ` (at ${p.path})` : ''}`;

export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/** Maps document paths to line and column, falling back to the nearest existing parent. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(path: readonly PropertyKey[], message: string, preferKey = false): Problem {
    let offset = 0;
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n);
      const node = prefix.length === 0 ? this.doc.contents : this.doc.getIn(prefix as unknown[], true);
      if (isNode(node) && node.range) {
        offset = node.range[0];
        if (n < path.length) offset = this.keyOffset(prefix, path[n]) ?? offset;
        else if (preferKey && n > 0) offset = this.keyOffset(path.slice(0, -1), path[n - 1]) ?? offset;
        break;
      }
    }
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, col: pos.col, path: pathText(path), message };
  }

  /** Offset of `key` inside the map at `parent`, so an unknown key is pointed at itself. */
  private keyOffset(parent: readonly PropertyKey[], key: PropertyKey | undefined): number | undefined {
    if (key === undefined) return undefined;
    const map = parent.length === 0 ? this.doc.contents : this.doc.getIn(parent as unknown[], true);
    if (!map || typeof map !== 'object' || !('items' in map) || !Array.isArray(map.items)) return undefined;
    for (const item of map.items as unknown[]) {
      if (item && typeof item === 'object' && 'key' in item) {
        const k = item.key;
        if (isNode(k) && (k as { value?: unknown }).value === key && k.range) return k.range[0];
      }
    }
    return undefined;
  }
}

/** A Locator for a YAML text, to point at parts of a file that has already been loaded. */
export function locatorFor(text: string, file: string): Locator {
  const lines = new LineCounter();
  return new Locator(file, parseDocument(text, { lineCounter: lines }), lines);
}

export function newLineCounter(): LineCounter {
  return new LineCounter();
}

/**
 * Keys like `__proto__` vanish or corrupt objects when YAML becomes JavaScript, so a rule
 * could silently lose its conditions: report them before conversion.
 */
export function reservedKeyProblems(doc: Document, lines: LineCounter, file: string): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && (key.value === '__proto__' || key.value === 'constructor' || key.value === 'prototype') && key.range) {
        const pos = lines.linePos(key.range[0]);
        problems.push({ file, line: pos.line, col: pos.col, path: '', message: `"${String(key.value)}" is a reserved name and cannot be used as a key` });
      }
    },
  });
  return problems;
}

/** Stage zero of every config and rule file: YAML syntax, reserved keys, conversion to plain data. */
export function parseYamlFile(text: string, file: string): { data: unknown; locate: Locator } | { errors: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return { errors: doc.errors.map((e) => { const p = lines.linePos(e.pos[0]); return { file, line: p.line, col: p.col, path: '', message: e.message.split('\n')[0] ?? e.message }; }) };
  }
  const reserved = reservedKeyProblems(doc, lines, file);
  if (reserved.length) return { errors: reserved };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) as unknown, locate: new Locator(file, doc, lines) };
  } catch (error) {
    return { errors: [{ file, line: 1, col: 1, path: '', message: (error as Error).message }] };
  }
}

/** A schema issue located in the file; unknown keys point at the key itself. */
export function issueProblem(locate: Locator, issue: { code: string; path: PropertyKey[]; message: string; keys?: string[] }): Problem {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return locate.at([...issue.path, issue.keys[0] ?? ''], `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`, true);
  }
  return locate.at(issue.path, issue.message);
}
