// How a JSON (with comments) file is laid out, and edits that follow that layout: a member is
// inserted first in its object or array, in the file's own indentation and line ends, so that
// nothing already in the file moves or changes, comments included. (jsonc-parser's `modify`
// reformats the lines it touches, which can rewrite a neighbouring entry the user wrote.)
import type { Node } from 'jsonc-parser';
import type { TextEdit } from './text-edits.js';

export interface Layout {
  /** One level of indentation: two spaces, four, a tab. */
  readonly unit: string;
  readonly eol: string;
}

export function layoutOf(text: string): Layout {
  const indented = /^([ \t]+)\S/m.exec(text);
  return { unit: indented?.[1] ?? '  ', eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** A value as JSON laid out for the file, its inner lines indented from `indent`; on one line when `indent` is null. */
export function renderJson(value: unknown, layout: Layout, indent: string | null): string {
  if (indent === null) return JSON.stringify(value);
  return JSON.stringify(value, null, layout.unit).split('\n').join(layout.eol + indent);
}

const lineStart = (text: string, offset: number): number => {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl + 1;
};

/** The whitespace a line starts with. */
export const indentAt = (text: string, offset: number): string => /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];

/** True when only whitespace precedes `offset` on its line. */
const startsLine = (text: string, offset: number): boolean => text.slice(lineStart(text, offset), offset).trim() === '';

/**
 * Inserts a member first in an object or array node. `member(indent)` renders it (`indent` null:
 * on one line). A multi-line container gets the member on a line of its own, indented like the
 * members already there; an empty `{}` is opened onto lines; a one-line container keeps one line.
 */
export function insertFirst(text: string, container: Node, layout: Layout, member: (indent: string | null) => string): TextEdit {
  const open = container.offset + 1;
  const close = container.offset + container.length - 1;
  const members = container.children ?? [];
  const base = indentAt(text, container.offset);
  const multiLine = /[\r\n]/.test(text.slice(open, close));
  if (!multiLine) {
    if (members.length > 0) return { offset: open, removed: '', inserted: `${member(null)}, ` };
    const inner = base + layout.unit;
    return { offset: open, removed: '', inserted: `${layout.eol}${inner}${member(inner)}${layout.eol}${base}` };
  }
  const first = members[0];
  const inner = first && startsLine(text, first.offset) ? indentAt(text, first.offset) : base + layout.unit;
  // A line comment right after the bracket stays on the bracket's line.
  const rest = /^[ \t]*\/\/[^\r\n]*/.exec(text.slice(open));
  const at = rest ? open + rest[0].length : open;
  return { offset: at, removed: '', inserted: `${layout.eol}${inner}${member(inner)}${members.length > 0 ? ',' : ''}` };
}

/** Offset just past the comma that follows `from` (skipping blanks and comments), or null if none does. */
export function commaAfter(text: string, from: number): number | null {
  let i = from;
  while (i < text.length) {
    if (text[i] === ',') return i + 1;
    if (/\s/.test(text[i]!)) i++;
    else if (text.startsWith('//', i)) i = text.includes('\n', i) ? text.indexOf('\n', i) : text.length;
    else if (text.startsWith('/*', i) && text.includes('*/', i + 2)) i = text.indexOf('*/', i + 2) + 2;
    else return null;
  }
  return null;
}

/**
 * Removes one member (an array element or an object property) with its comma, leaving the other
 * members and every comment as they are: the reverse of insertFirst when nothing else changed.
 */
export function removeMember(text: string, container: Node, member: Node): TextEdit {
  const members = container.children ?? [];
  const index = members.indexOf(member);
  const end = member.offset + member.length;
  let from: number;
  let to: number;
  if (index < members.length - 1) {
    // Up to and including its comma; a member alone on its line goes with the whole line.
    const comma = commaAfter(text, end) ?? end;
    const afterComma = /^[ \t]*(\r?\n)?/.exec(text.slice(comma))![0];
    const ownLine = startsLine(text, member.offset) && afterComma.endsWith('\n');
    from = ownLine ? lineStart(text, member.offset) : member.offset;
    to = ownLine ? comma + afterComma.length : comma + /^[ \t]*/.exec(text.slice(comma))![0].length;
  } else if (index > 0) {
    // The last member: from the comma that precedes it.
    const previous = members[index - 1]!;
    const comma = commaAfter(text, previous.offset + previous.length);
    from = comma === null ? member.offset : comma - 1;
    to = end;
  } else if (text.slice(container.offset + 1, member.offset).trim() === '' && text.slice(end, container.offset + container.length - 1).trim() === '') {
    // The only member, with nothing but blanks around it: the container is left as `{}` or `[]`.
    from = container.offset + 1;
    to = container.offset + container.length - 1;
  } else {
    // The only member, with comments beside it: they stay.
    const before = /[ \t]*(\r?\n[ \t]*)?$/.exec(text.slice(container.offset + 1, member.offset))![0];
    from = member.offset - before.length;
    to = end;
  }
  return { offset: from, removed: text.slice(from, to), inserted: '' };
}
