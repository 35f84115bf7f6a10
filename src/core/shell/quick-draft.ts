// The quick reader's drafts: nodes whose ranges are known only once their children are, turned
// into the analysis's syntax nodes once a line is read.
import { SyntaxNode } from './syntax-tree.js';

export interface Draft {
  readonly type: string;
  readonly named: boolean;
  start: number;
  end: number;
  readonly kids: readonly Draft[];
  /** Field names of the kids (same index); shorter, or empty, where they have none. */
  readonly fields: readonly (string | null)[];
}

/** Leaves have no kids, and most nodes no field names: they share these. */
const NONE: readonly never[] = Object.freeze([]);

/** Thrown when the line leaves the shapes read here: made once, as a signal rather than a failure. */
export const OUTSIDE = new Error('outside the shapes the quick reader takes');

export const leaf = (type: string, named: boolean, start: number, end: number): Draft => ({ type, named, start, end, kids: NONE, fields: NONE });

export function node(type: string, kids: readonly Draft[], fields?: readonly (string | null)[]): Draft {
  return { type, named: true, start: kids[0]!.start, end: kids[kids.length - 1]!.end, kids, fields: fields ?? NONE };
}

/** Turns drafts into the analysis's nodes, numbered depth first as the grammar's copy numbers them. */
export function build(root: Draft, source: string): SyntaxNode {
  let ids = 0;
  let top: SyntaxNode | null = null;
  // Without recursion: a long `&&` chain nests one list per command. Three stacks side by side
  // rather than a tuple per node.
  const drafts: Draft[] = [root];
  const parents: (SyntaxNode | null)[] = [null];
  const fields: (string | null)[] = [null];
  while (drafts.length > 0) {
    const d = drafts.pop()!;
    const parent = parents.pop()!;
    const field = fields.pop()!;
    const n = new SyntaxNode(ids++, d.type, d.named, false, d.start, d.end, source);
    if (parent) parent.adopt(n, field);
    else top = n;
    for (let k = d.kids.length - 1; k >= 0; k--) {
      drafts.push(d.kids[k]!);
      parents.push(n);
      fields.push(d.fields[k] ?? null);
    }
  }
  return top!;
}
