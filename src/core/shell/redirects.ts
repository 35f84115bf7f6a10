// Redirects: where they belong and what they name.
import type { SyntaxNode } from './syntax-tree.js';
import type { Redirect } from './types.js';
import { wordContext, wordsOf } from './words.js';

/** The statement a trailing redirect belongs to: the grammar hangs it on a whole list or pipeline. */
export function lastStatement(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'pipeline' || current.type === 'list') {
    const last = current.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment').at(-1);
    if (!last) break;
    current = last;
  }
  return current;
}

export function toRedirect(node: SyntaxNode): Redirect {
  const op = node.children.find((c) => c && !c.isNamed)?.text ?? node.type;
  const dest = node.childForFieldName('destination');
  const target = dest && ['word', 'raw_string', 'string', 'concatenation', 'simple_expansion', 'expansion'].includes(dest.type) ? destText(dest) : null;
  return { op, target };
}

/** `$HOME/x`, `${HOME}/x`, `"$HOME/x"`, `"$HOME"/x`: the rest plain characters, no other expansion. */
const HOME_PATH = /^\$(?:HOME|\{HOME\})(\/[\w.@%+,:=~/-]*)?$/;

function destText(dest: SyntaxNode): string | null {
  const words = wordsOf(dest, wordContext(1, 1));
  const w = words[0];
  if (words.length !== 1 || !w) return null;
  if (w.kind === 'literal') return w.text;
  // The home directory, as `~` (resolved against the event's home like any `~/…` path).
  const text = dest.text;
  if (/['\\`]/.test(text)) return null;
  const home = HOME_PATH.exec(text.replaceAll('"', ''));
  return home ? `~${home[1] ?? ''}` : null;
}

const STDOUT_OPS = new Set(['>', '>|', '>>', '&>', '&>>']);

/** Whether a redirect sends standard output to a file; returns the target's words. */
export function stdoutTarget(r: SyntaxNode): { append: boolean; target: SyntaxNode } | null {
  if (r.type !== 'file_redirect') return null;
  const op = r.children.find((c) => c !== null && !c.isNamed)?.text ?? '';
  const fd = r.childForFieldName('descriptor')?.text;
  const target = r.childForFieldName('destination');
  if (!STDOUT_OPS.has(op) || (fd !== undefined && fd !== '1') || !target || target.type === 'number') return null;
  return { append: op.endsWith('>>'), target };
}

/** A here-document whose delimiter is quoted (`<<'EOF'`) is literal text: no expansions, no substitutions. */
export function heredocQuoted(redirect: SyntaxNode): boolean {
  return /['"\\]/.test(redirect.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '');
}
