// The grammar runs a simple command on past a newline that ends it for bash: after a pipeline of
// three stages it reads `sort\ngit push -f >x` as `sort git push -f`, takes the next line as more
// redirect destinations (`c >1\ngit push -f`) or declared names (`declare -x A=1\ngit push -f`),
// and a line that starts with a backslash as a word of the line before (`echo \`d\`\n\\rm -rf /`).
// Left so, a command on the next line would hide as arguments. Such a newline is found here; the
// line is parsed again with it spelled `;`, the same length, which bash reads the same way there
// (a comment just before it is blanked: comments mean nothing to bash, and would take in the `;`).
import type { SyntaxNode } from './syntax-tree.js';

/** Unquoted words: bash ends one at a newline no backslash escapes; the grammar can read past it (`a\n\\rm`). */
const WORDS = new Set(['word', 'number']);

/** Whether the character before `at` is an escaping backslash (an odd run of them). */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (at - 1 - n >= 0 && text.charCodeAt(at - 1 - n) === 92) n++;
  return n % 2 === 1;
}

/** Nodes that end at a newline for bash, whatever the grammar makes of it. */
const ENDS_AT_NEWLINE = new Set(['command', 'declaration_command', 'unset_command', 'file_redirect', 'herestring_redirect']);

/** How many times a line is parsed again (each time with every such newline found spelled `;`). */
export const MAX_REPARSES = 3;
/** Longer lines are not parsed again (the grammar may take seconds on one): the newline is reported. */
export const MAX_REPARSE_LENGTH = 64 * 1024;

/** What to write over the source so that a newline ends the command it ends for bash. */
export interface RunOnEdit {
  readonly from: number;
  readonly to: number;
  /** As long as `to - from`: the node ranges of the rest of the line stay as they were. */
  readonly text: string;
}

/**
 * Every newline between two parts of a node that ends at a newline, as edits spelling it `;` (with
 * a comment just before it blanked, which would otherwise take the `;` in), in source order. All
 * are made at once: a script of many such lines is parsed again once, not once a line.
 */
export function runOnNewlines(root: SyntaxNode): RunOnEdit[] {
  const newlines: number[] = [];
  const commentsEnding = new Map<number, number>();
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'comment') commentsEnding.set(n.endIndex, n.startIndex);
    if (WORDS.has(n.type)) {
      const text = n.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (!escaped(text, i)) newlines.push(n.startIndex + i);
    }
    if (ENDS_AT_NEWLINE.has(n.type)) {
      const text = n.text;
      for (let k = 1; k < n.children.length; k++) {
        for (let i = n.children[k - 1]!.endIndex; i < n.children[k]!.startIndex; i++) {
          // A backslash before the newline joins the lines (bash removes both).
          if (text.charCodeAt(i - n.startIndex) !== 10 || escaped(text, i - n.startIndex)) continue;
          newlines.push(i);
          break;
        }
      }
    }
    for (const c of n.children) stack.push(c);
  }
  return newlines.sort((x, y) => x - y).map((at) => {
    const from = commentsEnding.get(at) ?? at;
    return { from, to: at + 1, text: `${' '.repeat(at - from)};` };
  });
}

/** The text with the edits made, or null when one would put `;` where bash reads it otherwise. */
export function withEdits(text: string, edits: readonly RunOnEdit[]): string | null {
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.from < at || !canEndWithSemicolon(text, e.to)) return null;
    out += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + text.slice(at);
}

/** Whether `;` can stand for the newline ending at `to`: not where it would make `;;`, `;&` or `;)`. */
export function canEndWithSemicolon(text: string, to: number): boolean {
  const next = /[^ \t\n]/.exec(text.slice(to, to + 256))?.[0];
  return next !== ';' && next !== '&' && next !== ')';
}
