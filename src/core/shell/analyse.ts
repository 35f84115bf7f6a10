// Shell analysis: a command line in, every simple command it would run out — through lists,
// pipelines, subshells, substitutions, functions, `bash -c`, `eval`, wrappers and here-strings.
import type { Node, Parser } from 'web-tree-sitter';
import { binaryName } from './binary-name.js';
import { findExecCommands } from './find-exec.js';
import {
  DEFAULT_LIMITS, type AnalysedCommand, type AnalysisLimits, type Redirect, type ShellAnalysis, type Word,
} from './types.js';
import { wordsOf } from './words.js';
import { isShell, wrapperFor } from './wrappers.js';

const NESTING_LABEL: Record<string, string> = {
  command_substitution: '$(…)',
  process_substitution: '<(…)',
  subshell: '(…)',
};

interface Context {
  readonly via: readonly string[];
  readonly depth: number;
}

/** Where a command's standard input comes from, when that could feed a shell. */
type Stdin = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'pipe'; readonly from: string } | null;

class Analyser {
  readonly commands: AnalysedCommand[] = [];
  readonly problems: string[] = [];
  private truncated = false;

  constructor(private readonly parser: Parser, private readonly limits: AnalysisLimits) {}

  push(command: AnalysedCommand): void {
    if (this.commands.length >= this.limits.maxCommands) {
      if (!this.truncated) this.problems.push(`more than ${this.limits.maxCommands} simple commands; the rest were not analysed`);
      this.truncated = true;
      return;
    }
    this.commands.push(command);
  }

  unresolved(source: string, ctx: Context, reason: string, argv: readonly Word[] = []): void {
    this.push({ source, argv, binary: null, via: ctx.via, redirects: [], unresolved: reason, neutral: false });
  }

  script(source: string, ctx: Context): void {
    if (ctx.depth > this.limits.maxNesting) {
      this.unresolved(source, ctx, `nested more than ${this.limits.maxNesting} levels deep`);
      return;
    }
    const tree = this.parser.parse(source);
    if (!tree) {
      this.unresolved(source, ctx, 'the shell parser gave up on this input');
      return;
    }
    try {
      const root = tree.rootNode;
      if (root.hasError) this.problems.push(describeParseError(root, source));
      this.walk(root, ctx);
    } finally {
      tree.delete();
    }
  }

  /** Iterative depth-first walk: deep nesting cannot overflow the stack. */
  private walk(root: Node, ctx: Context): void {
    const redirectsOf = new Map<number, Node[]>();
    const stdinOf = new Map<number, Stdin>();
    const stack: { node: Node; ctx: Context }[] = [{ node: root, ctx }];
    while (stack.length > 0) {
      const { node, ctx: here } = stack.pop()!;
      const type = node.type;
      if (type === 'redirected_statement') {
        const body = node.childForFieldName('body');
        if (body) redirectsOf.set(body.id, node.childrenForFieldName('redirect').filter((r): r is Node => r !== null));
      } else if (type === 'pipeline') {
        this.notePipeInputs(node, stdinOf);
      } else if (type === 'command') {
        this.command(node, here, redirectsOf.get(node.id) ?? [], stdinOf.get(node.id) ?? null);
      }
      const label = NESTING_LABEL[type];
      const childCtx = label && node !== root ? { via: [...here.via, label], depth: here.depth } : here;
      for (let i = node.childCount - 1; i >= 0; i--) {
        const child = node.child(i);
        if (child) stack.push({ node: child, ctx: childCtx });
      }
    }
  }

  private notePipeInputs(pipeline: Node, stdinOf: Map<number, Stdin>): void {
    let previous: Node | null = null;
    for (let i = 0; i < pipeline.namedChildCount; i++) {
      const stage = pipeline.namedChild(i);
      if (!stage) continue;
      if (previous && stage.type === 'command') {
        const echoed = literalEcho(previous, this.limits.maxBraceExpansion);
        stdinOf.set(stage.id, echoed !== null ? { kind: 'text', text: echoed } : { kind: 'pipe', from: previous.text });
      }
      previous = stage;
    }
  }

  private command(node: Node, ctx: Context, outerRedirects: readonly Node[], pipeIn: Stdin): void {
    const argv: Word[] = [];
    const redirectNodes: Node[] = [...outerRedirects];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'name') {
        if (child.isMissing || child.text === '') return; // the parser invented it; reported as a parse problem
        const nameNode = child.child(0) ?? child;
        argv.push(...wordsOf(nameNode, this.limits.maxBraceExpansion));
      } else if (field === 'argument') {
        argv.push(...wordsOf(child, this.limits.maxBraceExpansion));
      } else if (child.type.endsWith('redirect')) {
        redirectNodes.push(child);
      }
    }
    if (argv.length === 0) return; // a bare assignment: its substitutions are walked anyway
    const redirects = redirectNodes.map(toRedirect);
    const stdin = stdinFromRedirects(redirectNodes) ?? pipeIn;
    this.resolve(node.text, argv, ctx, redirects, stdin);
  }

  /** Unwraps wrappers until the real command is reached; nested scripts are analysed recursively. */
  private resolve(source: string, argv: readonly Word[], ctx: Context, redirects: readonly Redirect[], stdin: Stdin): void {
    let current = argv;
    let via = ctx.via;
    for (let hops = 0; hops < 32; hops++) {
      const head = current[0];
      if (!head) return;
      if (head.kind === 'dynamic') {
        this.push({ source, argv: current, binary: null, via, redirects, unresolved: `the command name comes from ${head.text}, known only at run time`, neutral: false });
        return;
      }
      const binary = binaryName(head.text);
      const wrapper = wrapperFor(binary);
      const result = wrapper?.unwrap(current) ?? { kind: 'none' as const };
      const standsAlone = !wrapper || result.kind === 'none';
      this.push({ source, argv: current, binary, via, redirects, unresolved: null, neutral: !standsAlone && wrapper.neutral });
      if (binary === 'find') this.findExec(source, current, { via, depth: ctx.depth }, redirects);
      if (binary === 'alias') this.aliases(current, { via: [...via, 'alias'], depth: ctx.depth + 1 });
      switch (result.kind) {
        case 'none':
          return;
        case 'exec':
          via = [...via, binary];
          current = result.inner;
          continue;
        case 'unresolved':
          this.unresolved(source, { via: [...via, binary], depth: ctx.depth }, result.reason, current);
          return;
        case 'script': {
          const text = joinLiteral(result.script);
          const label = isShell(binary) ? `${binary} -c` : binary;
          const inner = { via: [...via, label], depth: ctx.depth + 1 };
          if (text === null) this.unresolved(source, inner, `${label} runs a script known only at run time`, current);
          else this.script(text, inner);
          return;
        }
        case 'stdin':
          this.shellStdin(source, binary, stdin, { via, depth: ctx.depth }, current);
          return;
      }
    }
    this.unresolved(source, ctx, 'too many nested wrappers');
  }

  private shellStdin(source: string, shell: string, stdin: Stdin, ctx: Context, argv: readonly Word[]): void {
    const inner = { via: [...ctx.via, `${shell} <stdin>`], depth: ctx.depth + 1 };
    if (stdin?.kind === 'text') this.script(stdin.text, inner);
    else if (stdin?.kind === 'pipe') this.unresolved(source, inner, `${shell} runs commands read from the output of \`${clip(stdin.from)}\``, argv);
  }

  private findExec(source: string, argv: readonly Word[], ctx: Context, redirects: readonly Redirect[]): void {
    for (const inner of findExecCommands(argv)) this.resolve(source, inner, { via: [...ctx.via, 'find -exec'], depth: ctx.depth }, redirects, null);
  }

  private aliases(argv: readonly Word[], ctx: Context): void {
    for (const w of argv.slice(1)) {
      const eq = w.text.indexOf('=');
      if (eq <= 0) continue;
      if (w.kind === 'literal') this.script(w.text.slice(eq + 1), ctx);
      else this.unresolved(w.text, ctx, 'alias defined from a value known only at run time');
    }
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function joinLiteral(words: readonly Word[]): string | null {
  if (words.some((w) => w.kind === 'dynamic')) return null;
  return words.map((w) => w.text).join(' ');
}

/** The text a pipeline stage writes, when it is `echo`/`printf` with literal words only. */
function literalEcho(stage: Node, maxBrace: number): string | null {
  if (stage.type !== 'command') return null;
  const name = stage.childForFieldName('name');
  const args = stage.childrenForFieldName('argument').filter((a): a is Node => a !== null);
  if (!name || !['echo', 'printf'].includes(binaryName(name.text))) return null;
  const words = args.flatMap((a) => wordsOf(a, maxBrace));
  const text = joinLiteral(words.filter((w) => !/^-[neE]+$/.test(w.text)));
  return text === null ? null : text.replace(/\\n/g, '\n');
}

function toRedirect(node: Node): Redirect {
  const op = node.children.find((c) => c && !c.isNamed)?.text ?? node.type;
  const dest = node.childForFieldName('destination');
  const target = dest && ['word', 'raw_string', 'string', 'concatenation'].includes(dest.type) ? destText(dest) : null;
  return { op, target };
}

function destText(dest: Node): string | null {
  const words = wordsOf(dest, 1);
  const w = words[0];
  return words.length === 1 && w?.kind === 'literal' ? w.text : null;
}

function stdinFromRedirects(redirects: readonly Node[]): Stdin {
  for (const r of redirects) {
    if (r.type === 'herestring_redirect') {
      const value = r.namedChildren.find((c) => c !== null);
      if (!value) continue;
      const words = wordsOf(value, 1);
      const w = words[0];
      return w?.kind === 'literal' && words.length === 1 ? { kind: 'text', text: w.text } : { kind: 'pipe', from: value.text };
    }
    if (r.type === 'heredoc_redirect') {
      const body = r.namedChildren.find((c) => c?.type === 'heredoc_body');
      if (!body) continue;
      const quotedDelimiter = /['"\\]/.test(r.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '');
      const expands = !quotedDelimiter && body.namedChildCount > 0;
      return expands ? { kind: 'pipe', from: 'a here-document with expansions' } : { kind: 'text', text: body.text };
    }
  }
  return null;
}

function describeParseError(root: Node, source: string): string {
  let found: Node | null = null;
  const stack: Node[] = [root];
  while (stack.length && !found) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) found = n;
    else for (let i = n.childCount - 1; i >= 0; i--) { const c = n.child(i); if (c?.hasError) stack.push(c); }
  }
  if (!found) return 'the command line is not valid shell syntax';
  const at = found.startIndex;
  const near = source.slice(at, at + 20).replace(/\s+/g, ' ');
  return found.isMissing
    ? `the command line is not valid shell syntax: missing ${found.type} at offset ${at}`
    : `the command line is not valid shell syntax near offset ${at}: "${near}"`;
}

/** Analyses a command line. Bounded in time and memory; never throws on any input. */
export function analyseShell(parser: Parser, commandLine: string, limits: AnalysisLimits = DEFAULT_LIMITS): ShellAnalysis {
  const ctx: Context = { via: [], depth: 0 };
  if (commandLine.length > limits.maxLength) {
    return { commands: [], problems: [`the command line is ${commandLine.length} characters long; the limit is ${limits.maxLength}`] };
  }
  if (commandLine.includes('\u0000')) {
    return { commands: [], problems: ['the command line contains a NUL byte, which no shell can pass to a program'] };
  }
  const analyser = new Analyser(parser, limits);
  try {
    analyser.script(commandLine, ctx);
  } catch (error) {
    analyser.problems.push(`analysis failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { commands: analyser.commands, problems: analyser.problems };
}
