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

/** Backquotes: outside every shape read here, except inside the body of a here-document. */
const NEVER = /`/g;

/** Whether every backquote stands in a here-document's body. */
function onlyInBodies(source: string, bodies: readonly (readonly [number, number])[]): boolean {
  NEVER.lastIndex = 0;
  for (let m = NEVER.exec(source); m; m = NEVER.exec(source)) {
    const at = m.index;
    if (!bodies.some(([start, end]) => at >= start && at < end)) return false;
  }
  return true;
}

/** The grammar's tree for a line of the shapes read here, or null. */
export function quickTree(source: string): SyntaxNode | null {
  if (source.includes('\r')) return null;
  NEVER.lastIndex = 0;
  const odd = NEVER.test(source);
  if (odd && !source.includes('<<')) return null;
  try {
    const reader = new CompoundReader(source);
    const program = node('program', reader.statements(null, 0));
    // Read as if they were not there; a tree that read one as syntax is not used.
    if (odd && !onlyInBodies(source, reader.heredocBodies)) return null;
    program.end = source.length; // the grammar's program takes in trailing blanks
    return build(program, source);
  } catch (e) {
    if (e === OUTSIDE) return null;
    throw e;
  }
}
