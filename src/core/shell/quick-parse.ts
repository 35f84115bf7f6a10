// The shapes most agent commands take — words, quotes, `$NAME`, `${NAME}`, `$(…)` and `…`, assignments,
// redirects, here-strings, pipelines, lists, subshells, `for`/`while`/`if` and `[ -X word ]`
// tests, on one line or on several — read without the grammar. The grammar takes 10–35 µs on such
// a line (an assignment from a substitution is its slowest); this reader takes one pass. It builds
// the very tree the grammar builds (a property test compares the two node for node), so the
// analysis cannot tell which one read a line — except where the grammar misreads bash
// (`a | b | c && d`, and a command on the line after a pipeline of three stages), where this reader
// reads as bash does. Anything outside these shapes — or any doubt — gives null, and the grammar
// reads the line.
import { CompoundReader } from './quick-compound.js';
import { build, node, OUTSIDE } from './quick-draft.js';
import type { SyntaxNode } from './syntax-tree.js';

const BACKQUOTE = /`/g;

/** Whether every backquote was read as a substitution's delimiter or stands in a here-document's body. */
function backquotesRead(source: string, delimiters: readonly number[], bodies: readonly (readonly [number, number])[]): boolean {
  BACKQUOTE.lastIndex = 0;
  for (let m = BACKQUOTE.exec(source); m; m = BACKQUOTE.exec(source)) {
    const at = m.index;
    if (!delimiters.includes(at) && !bodies.some(([start, end]) => at >= start && at < end)) return false;
  }
  return true;
}

/** The grammar's tree for a line of the shapes read here, or null. */
export function quickTree(source: string): SyntaxNode | null {
  if (source.includes('\r')) return null;
  try {
    const reader = new CompoundReader(source);
    const program = node('program', reader.statements(null, 0));
    // A backquote elsewhere (in single quotes, say) was read past as text: left to the grammar.
    if (source.includes('`') && !backquotesRead(source, reader.backquotes, reader.heredocBodies)) return null;
    program.end = source.length; // the grammar's program takes in trailing blanks
    return build(program, source);
  } catch (e) {
    if (e === OUTSIDE) return null;
    throw e;
  }
}
