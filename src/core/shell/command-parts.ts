// The words and redirects of one simple command node, as bash would see them.
import type { SyntaxNode } from './syntax-tree.js';
import type { Word } from './types.js';
import { wordsOf, type WordContext } from './words.js';
import { append } from '../append.js';

export interface CommandParts {
  readonly argv: Word[];
  /** Redirect nodes the grammar puts inside the command itself. */
  readonly redirects: SyntaxNode[];
  /** Process substitution arguments, with the word each became. */
  readonly substitutions: [Word, SyntaxNode][];
  /** Assignments or other syntax before the name (`X=1 cmd`). */
  readonly prefix: SyntaxNode[];
  /** False when the parser invented the command name (reported as a parse problem). */
  readonly named: boolean;
}

/** Bash removes backslash-newline before splitting words; the grammar splits there. Rejoin. */
function glue(argv: Word[], words: Word[]): void {
  const last = argv.pop()!;
  const first = words.shift()!;
  const joined = last.text + first.text;
  argv.push(last.kind === 'literal' && first.kind === 'literal' ? { kind: 'literal', text: joined } : { kind: 'dynamic', text: joined, split: true });
  append(argv, words);
}

const isDescriptorOf = (arg: SyntaxNode | null, redirect: SyntaxNode | undefined): boolean =>
  arg?.type === 'number' && redirect !== undefined && arg.endIndex === redirect.startIndex;

/** Children with their field names. */
export function fieldedChildren(node: SyntaxNode): { readonly node: SyntaxNode; readonly field: string | null }[] {
  return node.children.map((child, i) => ({ node: child, field: node.fields[i] ?? null }));
}

/** `outer`: redirects the grammar put around the command (a descriptor may have been read as its last argument). */
export function commandParts(node: SyntaxNode, ctx: WordContext, outer: readonly SyntaxNode[] = []): CommandParts {
  const parts: CommandParts = { argv: [], redirects: [], substitutions: [], prefix: [], named: true };
  const text = node.text;
  let previousEnd = -1;
  let previous: { node: SyntaxNode; field: string | null } | undefined;
  for (const entry of fieldedChildren(node)) {
    const { node: child, field } = entry;
    if (field === 'name' || field === 'argument') {
      if (field === 'name' && (child.isMissing || child.text === '')) return { ...parts, named: false };
      const words = wordsOf(field === 'name' ? child.child(0) ?? child : child, ctx);
      const between = text.slice(previousEnd - node.startIndex, child.startIndex - node.startIndex);
      if (previousEnd !== -1 && between === '\\\n' && parts.argv.length > 0 && words.length > 0) glue(parts.argv, words);
      else append(parts.argv, words);
      if (child.type === 'process_substitution' && words.length === 1) parts.substitutions.push([words[0]!, child]);
      previousEnd = child.endIndex;
    } else if (child.type.endsWith('redirect')) {
      // `0<<<text`: the grammar reads the descriptor of a here-string as an argument
      if (previous?.field === 'argument' && isDescriptorOf(previous.node, child)) parts.argv.pop();
      parts.redirects.push(child);
    } else if (child.isNamed && parts.argv.length === 0) {
      parts.prefix.push(child);
    }
    previous = entry;
  }
  if (previous?.field === 'argument' && isDescriptorOf(previous.node, outer[0])) parts.argv.pop();
  return parts;
}
