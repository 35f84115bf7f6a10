// The shapes most agent commands take — words, quotes, `$NAME`, `${NAME}`, `$(…)`, assignments,
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

/** Characters outside every shape read here, wherever they stand. */
const NEVER = /[\r`\\]/;

/** The grammar's tree for a line of the shapes read here, or null. */
export function quickTree(source: string): SyntaxNode | null {
  if (NEVER.test(source)) return null;
  try {
    const program = node('program', new CompoundReader(source).statements(null, 0));
    program.end = source.length; // the grammar's program takes in trailing blanks
    return build(program, source);
  } catch (e) {
    if (e === OUTSIDE) return null;
    throw e;
  }
}
