// What a command reads on standard input, or a shell reads as its script, and what a pipeline
// stage writes: known text (echo, printf, here-documents, here-strings, cat and tee passing it on),
// the output of something not known statically, or a file.
import { binaryName } from './binary-name.js';
import { commandParts } from './command-parts.js';
import { echoTexts, printfText } from './printed-text.js';
import { heredocQuoted } from './redirects.js';
import { STDIN_PATHS } from './script-runners.js';
import type { SyntaxNode } from './syntax-tree.js';
import type { Word } from './types.js';
import { wordsOf, type WordContext } from './words.js';
import { wrapperFor } from './wrappers.js';

/**
 * Null where nothing is known: the agent's own standard input, a terminal. `program` names the
 * program that wrote it into a pipe (`curl … | sh` → curl), kept through `cat` and `tee`.
 */
export type Input =
  /** Every text the input may be (shells disagree on echo's escapes). */
  | { readonly kind: 'text'; readonly texts: readonly string[]; readonly program?: string }
  | { readonly kind: 'unknown'; readonly from: string; readonly program?: string }
  | { readonly kind: 'file'; readonly path: string | null; readonly program?: string }
  | null;

export const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

const text = (...texts: string[]): Input => ({ kind: 'text', texts });
const unknown = (from: string, program?: string): Input => (program === undefined ? { kind: 'unknown', from: clip(from) } : { kind: 'unknown', from: clip(from), program });

/** Outputs of substitutions, computed by the caller (which knows the context). */
export type OutputOf = (substitution: SyntaxNode) => Input;

function literal(words: readonly Word[]): string[] | null {
  return words.every((w) => w.kind === 'literal') ? words.map((w) => w.text) : null;
}

const isNode = (n: SyntaxNode | null): n is SyntaxNode => n !== null;

/** Standard input set by redirects: undefined when none of them sets it. */
export function redirectInput(redirects: readonly SyntaxNode[], words: WordContext, outputOf: OutputOf): Input | undefined {
  let input: Input | undefined;
  for (const r of redirects) {
    if (r.type === 'herestring_redirect') {
      const value = r.namedChildren.find(isNode);
      const found = value ? literal(wordsOf(value, words)) : null;
      input = found?.length === 1 ? text(`${found[0]}\n`) : unknown(value?.text ?? r.text);
    } else if (r.type === 'heredoc_redirect') {
      const body = r.namedChildren.find((c) => c?.type === 'heredoc_body');
      const literalText = body && (heredocQuoted(r) || (body.namedChildCount === 0 && !body.text.includes('`')));
      input = !body ? text('') : literalText ? text(body.text) : unknown('a here-document with expansions');
    } else if (r.type === 'file_redirect') {
      const op = r.children.find((c) => c !== null && !c.isNamed)?.text;
      const fd = r.childForFieldName('descriptor')?.text;
      if ((op !== '<' && op !== '<>') || (fd !== undefined && fd !== '0')) continue;
      const dest = r.childForFieldName('destination');
      if (!dest) continue;
      if (dest.type === 'process_substitution') { input = outputOf(dest); continue; }
      const path = literal(wordsOf(dest, words));
      if (path?.length === 1 && STDIN_PATHS.has(path[0]!)) continue;
      input = { kind: 'file', path: path?.length === 1 ? path[0]! : null };
    }
  }
  return input;
}

/** The command a wrapper chain runs (`sudo timeout 5 curl …` → `curl …`). */
function innermost(argv: readonly Word[]): readonly Word[] {
  let current = argv;
  for (let hops = 0; hops < 16 && current[0]?.kind === 'literal'; hops++) {
    const unwrapped = wrapperFor(binaryName(current[0].text))?.unwrap(current);
    if (unwrapped?.kind !== 'exec') break;
    current = unwrapped.inner;
  }
  return current;
}

/** What a simple command prints on standard output, when that can be known from its words. */
export function printedBy(argv: readonly Word[], stdin: Input): Input {
  const command = innermost(argv);
  const head = command[0];
  const source = argv.map((w) => w.text).join(' ');
  if (head?.kind !== 'literal') return unknown(source);
  const binary = binaryName(head.text);
  const args = literal(command.slice(1));
  if (binary === 'tee') return stdin; // passes its input on (and writes it to files)
  if (args === null) return unknown(source, binary);
  if (binary === 'echo') return { kind: 'text', texts: echoTexts(args), program: binary };
  if (binary === 'printf') {
    const out = printfText(args);
    return out === null ? unknown(source, binary) : { kind: 'text', texts: [out], program: binary };
  }
  if (binary === 'cat') {
    const files = args.filter((a) => !a.startsWith('-') || a === '-');
    if (files.length === 0 || files.every((f) => f === '-')) return stdin;
    if (files.length === 1) return { kind: 'file', path: files[0]!, program: binary };
  }
  return unknown(source, binary);
}

/** What a pipeline stage (or the body of a process substitution) writes into the pipe. */
export function stageOutput(node: SyntaxNode, stdin: Input, words: WordContext, outputOf: OutputOf): Input {
  let body = node;
  let redirects: SyntaxNode[] = [];
  if (node.type === 'redirected_statement') {
    body = node.childForFieldName('body') ?? node;
    redirects = node.childrenForFieldName('redirect').filter(isNode);
  }
  if (body.type !== 'command') return unknown(node.text);
  const parts = commandParts(body, words, redirects);
  if (!parts.named) return unknown(node.text);
  // Output redirected elsewhere may still reach the pipe (`>/dev/stdout`, `>&2` with `|&`): judge it as if it did.
  const all = [...redirects, ...parts.redirects];
  return printedBy(parts.argv, redirectInput(all, words, outputOf) ?? stdin);
}

/** Text written by `>>` after text already there: every combination, within reason. */
export function appended(before: Input, after: Input): Input {
  if (before?.kind !== 'text' || after?.kind !== 'text') return unknown('a file appended to');
  const texts = before.texts.flatMap((b) => after.texts.map((a) => b + a));
  return texts.length > 8 ? unknown('a file appended to') : text(...texts);
}
