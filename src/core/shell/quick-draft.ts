// The quick reader's drafts: nodes whose ranges are known only once their children are, turned
// into the analysis's syntax nodes once a line is read.
import { SyntaxNode } from './syntax-tree.js';

export interface Draft {
  readonly type: string;
  readonly named: boolean;
  start: number;
  end: number;
  readonly kids: Draft[];
  readonly fields: (string | null)[];
}

/** Thrown when the line leaves the shapes read here: made once, as a signal rather than a failure. */
export const OUTSIDE = new Error('outside the shapes the quick reader takes');

export const leaf = (type: string, named: boolean, start: number, end: number): Draft => ({ type, named, start, end, kids: [], fields: [] });

export function node(type: string, kids: Draft[], fields?: (string | null)[]): Draft {
  return { type, named: true, start: kids[0]!.start, end: kids[kids.length - 1]!.end, kids, fields: fields ?? kids.map(() => null) };
}

/** Turns drafts into the analysis's nodes, numbered depth first as the grammar's copy numbers them. */
export function build(root: Draft, source: string): SyntaxNode {
  let ids = 0;
  let top: SyntaxNode | null = null;
  // Without recursion: a long `&&` chain nests one list per command.
  const stack: [Draft, SyntaxNode | null, string | null][] = [[root, null, null]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [d, parent, field] = next;
    const n = new SyntaxNode(ids++, d.type, d.named, false, d.start, d.end, source);
    if (parent) {
      n.parent = parent;
      parent.children.push(n);
      parent.fields.push(field);
    } else {
      top = n;
    }
    for (let k = d.kids.length - 1; k >= 0; k--) stack.push([d.kids[k]!, n, d.fields[k] ?? null]);
  }
  return top!;
}
