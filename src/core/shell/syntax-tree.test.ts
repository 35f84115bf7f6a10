import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node, Parser } from 'web-tree-sitter';
import { loadBashParser } from './load-grammar.js';
import { FIELD_PARENTS, readTree, type SyntaxNode } from './syntax-tree.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

interface Shape { type: string; text: string; named: boolean; missing: boolean; start: number; end: number; field: string | null; children: Shape[] }

/** The tree as web-tree-sitter's Node objects describe it. */
function nodeShape(node: Node, field: string | null): Shape {
  const children: Shape[] = [];
  const cursor = node.walk();
  const fields: (string | null)[] = [];
  if (cursor.gotoFirstChild()) do fields.push(cursor.currentFieldName); while (cursor.gotoNextSibling());
  cursor.delete();
  node.children.forEach((c, i) => { if (c) children.push(nodeShape(c, fields[i] ?? null)); });
  return { type: node.type, text: node.text, named: node.isNamed, missing: node.isMissing, start: node.startIndex, end: node.endIndex, field, children };
}

function copyShape(node: SyntaxNode, field: string | null): Shape {
  return {
    type: node.type, text: node.text, named: node.isNamed, missing: node.isMissing, start: node.startIndex, end: node.endIndex, field,
    children: node.children.map((c, i) => copyShape(c, node.fields[i] ?? null)),
  };
}

function compare(line: string): void {
  const tree = parser.parse(line)!;
  try {
    const copy = readTree(tree, line);
    expect(copyShape(copy, null)).toEqual(nodeShape(tree.rootNode, null));
    // The accessors agree with the Node interface's, at every node.
    expect(copy.namedChild(0)?.type).toBe(tree.rootNode.namedChild(0)?.type);
    expect(copy.namedChildCount).toBe(tree.rootNode.namedChildCount);
    const pairs: [SyntaxNode, Node][] = [[copy, tree.rootNode]];
    for (let k = 0; k < pairs.length; k++) {
      const [mine, node] = pairs[k]!;
      for (const field of ['name', 'argument', 'body', 'redirect', 'value', 'destination', 'descriptor', 'condition', 'operator']) {
        expect(mine.childForFieldName(field)?.text).toBe(node.childForFieldName(field)?.text);
        expect(mine.childrenForFieldName(field).map((n) => n.text)).toEqual(node.childrenForFieldName(field).map((n) => n?.text));
      }
      mine.children.forEach((c, i) => pairs.push([c, node.child(i)!]));
    }
    for (const c of copy.children) expect(c.parent).toBe(copy);
  } finally {
    tree.delete();
  }
}

const LINES = [
  'git push --force origin main',
  'X=1 FOO="a $b" sudo -E env A=$(id) timeout 5 bash -c "rm -rf /" > out.log 2>&1 &',
  'cat <<EOF | sh\ngit push -f\nEOF\n',
  "bash <<'S'\nrm -rf x\nS",
  'for f in $(ls src); do echo "$f"; wc -l "$f"; done',
  'if [ -f a ]; then cat a; elif true; then :; else touch a; fi',
  'case $x in a) rm -rf /;; *) echo ok;; esac',
  'f() { git push -f; }; f',
  'echo `id` ${x:-`whoami`} $((1+2)) <(curl x) >(tee y) $\'\\x41\' $"msg"',
  'export A=b; declare -x B; unset C; local D=1',
  '[[ -f a && -n "$b" ]] || (cd x; make)',
  'if then fi ) ((',
  'echo "unterminated',
  'a | b |& c && d || e ; f & g',
  'echo héllo wörld 🎉 | grep ö',
];

describe('the copied parse tree', () => {
  it('knows which node types of the grammar have fields, and that its anonymous nodes have no children', () => {
    const path = createRequire(import.meta.url).resolve('tree-sitter-bash/src/node-types.json');
    const types = JSON.parse(readFileSync(path, 'utf8')) as { type: string; named: boolean; fields?: Record<string, unknown>; children?: unknown }[];
    const withFields = types.filter((t) => t.named && Object.keys(t.fields ?? {}).length > 0).map((t) => t.type);
    expect([...FIELD_PARENTS].filter((t) => t !== 'ERROR').sort()).toEqual(withFields.sort());
    expect(types.filter((t) => !t.named && (t.children !== undefined || Object.keys(t.fields ?? {}).length > 0))).toEqual([]);
  });

  it('has the nodes, types, texts, fields and ranges web-tree-sitter gives', () => {
    for (const line of LINES) compare(line);
  });

  it('agrees on generated lines, syntax errors included', () => {
    const token = fc.constantFrom('git', 'push', '-f', 'echo', '"a b"', "'c'", '$(', ')', '`', '(', '{', '}', ';', '&&', '||', '|', '&', '>', '2>&1', '<<<', '<<E\nx\nE\n', '\n', 'if', 'then', 'fi', 'for', 'in', 'do', 'done', 'case', 'esac', ';;', 'X=1', '${a:-b}', '$x', '*', '~/x', '\\;', 'é', '[[', ']]');
    fc.assert(fc.property(fc.array(token, { maxLength: 16 }), fc.constantFrom(' ', ''), (tokens, sep) => compare(tokens.join(sep))), { numRuns: 1_000 });
  });
});
