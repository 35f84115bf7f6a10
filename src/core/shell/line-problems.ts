// Problems with a command line as a whole: text no shell would receive as written, and syntax errors.
import type { Node } from 'web-tree-sitter';

export interface LineProblem {
  readonly reason: string;
  /** False when nothing can be analysed at all (too long, or no shell could receive it). */
  readonly analysable: boolean;
}

/** Why the text is not what a shell would run as written, or null. */
export function lineProblem(commandLine: string, maxLength: number): LineProblem | null {
  if (commandLine.length > maxLength) {
    return { reason: `the command line is ${commandLine.length} characters long; the limit is ${maxLength}`, analysable: false };
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
