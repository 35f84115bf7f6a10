// Problems with a command line as a whole: text no shell would receive as written, and syntax errors.
import type { Node } from 'web-tree-sitter';

export interface LineProblem {
  readonly reason: string;
  /** False when nothing can be analysed at all (too long, or no shell could receive it). */
  readonly analysable: boolean;
}

/**
 * How deep brackets nest in the text, single-quoted text and escaped characters aside (an
 * overestimate elsewhere: a bracket in double quotes counts too). Linear, without the grammar.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x7b || c === 0x5b) { // ( { [
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x29 || c === 0x7d || c === 0x5d) { // ) } ]
      if (depth > 0) depth--;
    } else if (c === 0x5c) { // a backslash escapes the next character
      i++;
    } else if (c === 0x27) { // single quotes hold no syntax
      const close = text.indexOf("'", i + 1);
      if (close === -1) break;
      i = close;
    }
  }
  return deepest;
}

/** Why the text is not what a shell would run as written (or cannot be read within the limits), or null. */
export function lineProblem(commandLine: string, maxLength: number, maxDepth = Number.POSITIVE_INFINITY): LineProblem | null {
  if (commandLine.length > maxLength) {
    return { reason: `the command line is ${commandLine.length} characters long; the limit is ${maxLength}`, analysable: false };
  }
  // Parsing a line nested tens of thousands deep costs seconds and hundreds of MB, and every level
  // past the limit would go unanalysed anyway: such a line is not parsed at all.
  if (commandLine.length > maxDepth && bracketDepth(commandLine) > maxDepth) {
    return { reason: `the command line nests more than ${maxDepth} levels deep; it was not analysed`, analysable: false };
  }
  if (commandLine.includes('\u0000')) return { reason: 'the command line contains a NUL byte, which no shell can pass to a program', analysable: false };
  // A lone surrogate cannot be encoded for the shell; U+FFFD marks bytes that were not valid UTF-8.
  // Either way, the bytes the shell would run are not the text analysed here.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(commandLine)) {
    return { reason: 'the command line contains a lone UTF-16 surrogate, which is not valid text', analysable: true };
  }
  if (commandLine.includes('\ufffd')) return { reason: 'the command line contains bytes that were not valid UTF-8 (shown as U+FFFD)', analysable: true };
  return null;
}

export function describeParseError(root: Node, source: string): string {
  let found: Node | null = null;
  const stack: Node[] = [root];
  while (stack.length && !found) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) found = n;
    else for (const c of n.children.reverse()) if (c?.hasError) stack.push(c);
  }
  if (!found) return 'the command line is not valid shell syntax';
  const at = found.startIndex;
  const near = source.slice(at, at + 20).replace(/\s+/g, ' ');
  return found.isMissing
    ? `the command line is not valid shell syntax: missing ${found.type} at offset ${at}`
    : `the command line is not valid shell syntax near offset ${at}: "${near}"`;
}
