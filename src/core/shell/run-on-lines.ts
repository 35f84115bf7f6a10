// The grammar runs a simple command on past a newline that ends it for bash: after a pipeline of
// three stages it reads `sort\ngit push -f >x` as `sort git push -f`, takes the next line as more
// redirect destinations (`c >1\ngit push -f`) or declared names (`declare -x A=1\ngit push -f`).
// Left so, a command on the next line would hide as arguments. Such a newline is found here; the
// line is parsed again with it spelled `;`, the same length, which bash reads the same way there.
import type { SyntaxNode } from './syntax-tree.js';

/** Nodes that end at a newline for bash, whatever the grammar makes of it. */
const ENDS_AT_NEWLINE = new Set(['command', 'declaration_command', 'unset_command', 'file_redirect', 'herestring_redirect']);

/** How many such newlines one line may have before it is reported as a problem instead. */
export const MAX_REPARSES = 16;

/** The offset of the first newline between two parts of a node that ends at a newline, or -1. */
export function runOnNewline(root: SyntaxNode): number {
  let first = -1;
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (ENDS_AT_NEWLINE.has(n.type)) {
      const text = n.text;
      for (let k = 1; k < n.children.length; k++) {
        for (let i = n.children[k - 1]!.endIndex; i < n.children[k]!.startIndex; i++) {
          // A backslash before the newline joins the lines (bash removes both).
          if (text.charCodeAt(i - n.startIndex) === 10 && text.charAt(i - n.startIndex - 1) !== '\\' && (first === -1 || i < first)) first = i;
        }
      }
    }
    for (const c of n.children) stack.push(c);
  }
  return first;
}

/** Whether `;` can stand for the newline at `at`: not where it would make `;;`, `;&` or `;)`. */
export function canEndWithSemicolon(text: string, at: number): boolean {
  const next = /[^ \t\n]/.exec(text.slice(at + 1, at + 256))?.[0];
  return next !== ';' && next !== '&' && next !== ')';
}
