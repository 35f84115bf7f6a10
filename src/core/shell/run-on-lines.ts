// The grammar runs a simple command on past a newline that ends it for bash: after a pipeline of
// three stages it reads `sort\ngit push -f >x` as `sort git push -f`, takes the next line as more
// redirect destinations (`c >1\ngit push -f`) or declared names (`declare -x A=1\ngit push -f`).
// Left so, a command on the next line would hide as arguments. Such a newline is found here; the
// line is parsed again with it spelled `;`, the same length, which bash reads the same way there
// (a comment just before it is blanked: comments mean nothing to bash, and would take in the `;`).
import type { SyntaxNode } from './syntax-tree.js';

/** Nodes that end at a newline for bash, whatever the grammar makes of it. */
const ENDS_AT_NEWLINE = new Set(['command', 'declaration_command', 'unset_command', 'file_redirect', 'herestring_redirect']);

/** How many such newlines one line may have before it is reported as a problem instead. */
export const MAX_REPARSES = 16;

/** What to write over the source so that a newline ends the command it ends for bash. */
export interface RunOnEdit {
  readonly from: number;
  readonly to: number;
  /** As long as `to - from`: the node ranges of the rest of the line stay as they were. */
  readonly text: string;
}

/**
 * The first newline between two parts of a node that ends at a newline, as an edit spelling it
 * `;` (with a comment just before it blanked, which would otherwise take the `;` in); null if none.
 */
export function runOnNewline(root: SyntaxNode): RunOnEdit | null {
  let first: RunOnEdit | null = null;
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (ENDS_AT_NEWLINE.has(n.type)) {
      const text = n.text;
      for (let k = 1; k < n.children.length; k++) {
        const before = n.children[k - 1]!;
        for (let i = before.endIndex; i < n.children[k]!.startIndex; i++) {
          // A backslash before the newline joins the lines (bash removes both).
          if (text.charCodeAt(i - n.startIndex) !== 10 || text.charAt(i - n.startIndex - 1) === '\\') continue;
          if (first !== null && i >= first.to) break;
          const from = before.type === 'comment' ? before.startIndex : i;
          first = { from, to: i + 1, text: `${' '.repeat(i - from)};` };
          break;
        }
      }
    }
    for (const c of n.children) stack.push(c);
  }
  return first;
}

/** Whether `;` can stand for the newline ending at `to`: not where it would make `;;`, `;&` or `;)`. */
export function canEndWithSemicolon(text: string, to: number): boolean {
  const next = /[^ \t\n]/.exec(text.slice(to, to + 256))?.[0];
  return next !== ';' && next !== '&' && next !== ')';
}
