// Inserting elements at the start of an array literal (JSON or TOML) in the file's own layout, so
// the elements already there, and any comment beside them, keep every byte.
import type { Layout } from '../install/json-layout.js';
import { indentAt } from '../install/json-layout.js';
import type { TextEdit } from '../install/text-edits.js';

export interface ArraySpan {
  /** Offset of `[` and of `]`. */
  readonly open: number;
  readonly close: number;
  /** Offset of the first element, if any. */
  readonly first: number | null;
}

const startsLine = (text: string, offset: number): boolean => text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset).trim() === '';

/** One edit putting `elements` (already rendered) first in the array. `comment` starts a line comment (`//`, `#`). */
export function prefixArray(text: string, span: ArraySpan, elements: readonly string[], layout: Layout, comment: string): TextEdit {
  const inner = text.slice(span.open + 1, span.close);
  if (!/[\r\n]/.test(inner)) {
    if (span.first === null) return { offset: span.open + 1, removed: '', inserted: elements.join(', ') };
    return { offset: span.first, removed: '', inserted: `${elements.join(', ')}, ` };
  }
  const base = indentAt(text, span.open);
  const indent = span.first !== null && startsLine(text, span.first) ? indentAt(text, span.first) : base + layout.unit;
  // A line comment right after the bracket stays on the bracket's line.
  const escaped = comment.replace(/[/]/g, '\\/');
  const rest = new RegExp(`^[ \\t]*${escaped}[^\\r\\n]*`).exec(text.slice(span.open + 1));
  const at = rest ? span.open + 1 + rest[0].length : span.open + 1;
  const lines = elements.map((e) => `${layout.eol}${indent}${e}`).join(',');
  return { offset: at, removed: '', inserted: span.first === null ? lines : `${lines},` };
}
