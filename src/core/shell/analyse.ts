// Shell analysis: a command line in, every simple command it would run out — through lists,
// pipelines, subshells, substitutions, functions, `bash -c`, `eval`, wrappers, aliases, here-strings,
// text piped into shells and scripts written earlier in the same line.
import type { Parser } from 'web-tree-sitter';
import { binaryName } from './binary-name.js';
import { commandParts } from './command-parts.js';
import { assignedCommand, embeddedCommands, type Embedded } from './embedded-commands.js';
import { mayReadCode, stdinCodeCommands } from './stdin-code.js';
import { findExecCommands } from './find-exec.js';
import { clip, printedBy, redirectInput, stageOutput, type Input } from './input.js';
import { describeParseError, lineProblem } from './line-problems.js';
import { listSegments } from './list-split.js';
import { pipelineStages } from './pipeline-split.js';
import { plainList, type PlainPipeline } from './plain-list.js';
import { DESCRIPTOR_PATH, STDIN_PATHS } from './script-runners.js';
import { heredocQuoted, lastStatement, toRedirect } from './redirects.js';
import { ShellState } from './shell-state.js';
import { quickTree } from './quick-parse.js';
import { MAX_REPARSE_LENGTH, MAX_REPARSES, runOnNewlines, withEdits } from './run-on-lines.js';
import { readTree, type SyntaxNode } from './syntax-tree.js';
import {
  DEFAULT_LIMITS, literal, type AnalysedCommand, type AnalysisLimits, type Redirect, type ShellAnalysis, type Word,
} from './types.js';
import { backquotedBodies, wordContext, wordsOf, type WordContext } from './words.js';
import { isShell, wrapperFor } from './wrappers.js';
import { append } from '../append.js';

const NESTING_LABEL: Record<string, string> = {
  command_substitution: '$(…)',
  process_substitution: '<(…)',
  subshell: '(…)',
};

const MAX_SOURCE = 4096;

/** Leaves the grammar keeps whole that the shell still expands (patterns), and what in them runs something. */
const PATTERN_LEAVES = new Set(['regex', 'extglob_pattern']);
const EXPANDS = /\$[([]|[<>]\(|`/;

/** Node types that never contain a command (unless they hold a backquote the grammar left unparsed). */
const LEAVES = new Set(['word', 'number', 'string_content', 'raw_string', 'ansi_c_string', 'variable_name', 'comment', 'file_descriptor', 'heredoc_start', 'heredoc_end', 'test_operator', 'special_variable_name', 'regex', 'extglob_pattern']);

/** Nodes that report the assignments they hold themselves. */
const ASSIGNMENT_HOLDERS = new Set(['command', 'declaration_command', 'variable_assignments']);

const GIT_HOOKS = /(^|\/)(\.git\/hooks|\.husky|\.githooks)\//;

interface Context {
  readonly via: readonly string[];
  /** Nesting of code re-read as a script: `bash -c`, `eval`, files run. */
  readonly depth: number;
  /** What the command reads on standard input. */
  readonly stdin: Input;
  /** Aliases being expanded (an alias is not expanded inside itself). */
  readonly aliases: ReadonlySet<string>;
}

/** Per parse tree: facts the walk learns about nodes before it reaches them. */
interface TreeFacts {
  readonly redirectsOf: Map<number, SyntaxNode[]>;
  readonly stdinOf: Map<number, Input>;
}

/**
 * A context, always built here with its fields in one order: contexts are read for every command,
 * and object spreads gave them many shapes (megamorphic property reads on the hot path).
 */
const context = (via: readonly string[], depth: number, stdin: Input, aliases: ReadonlySet<string>): Context => ({ via, depth, stdin, aliases });
/** `ctx` with a wrapper or construct added to its chain, one level deeper when `deeper`. */
const within = (ctx: Context, label: string, deeper: boolean): Context => context([...ctx.via, label], deeper ? ctx.depth + 1 : ctx.depth, ctx.stdin, ctx.aliases);
const reading = (ctx: Context, stdin: Input): Context => context(ctx.via, ctx.depth, stdin, ctx.aliases);

const isNode = (n: SyntaxNode | null): n is SyntaxNode => n !== null;
/** A context's lists are never changed, only replaced: the outermost one shares these. */
const NO_VIA: readonly string[] = Object.freeze([]);
const NO_ALIASES: ReadonlySet<string> = new Set();

class Analyser {
  readonly commands: AnalysedCommand[] = [];
  readonly problems: string[] = [];
  readonly words: WordContext;
  private readonly state: ShellState;
  private truncated = false;

  constructor(private readonly parser: Parser, private readonly limits: AnalysisLimits) {
    this.words = wordContext(limits.maxBraceExpansion, limits.maxBraceWords, this.problems);
    this.state = new ShellState(parser, this.words);
  }

  push(command: AnalysedCommand): void {
    if (this.commands.length >= this.limits.maxCommands) {
      if (!this.truncated) this.problems.push(`more than ${this.limits.maxCommands} simple commands; the rest were not analysed`);
      this.truncated = true;
      return;
    }
    // Nested commands repeat their enclosing text; keep what is reported proportionate.
    const source = command.source.length > MAX_SOURCE ? `${command.source.slice(0, MAX_SOURCE - 3)}...` : command.source;
    this.commands.push(source === command.source ? command : { ...command, source });
  }

  unresolved(source: string, ctx: Context, reason: string, argv: readonly Word[] = []): void {
    this.push({ source, argv, binary: null, via: ctx.via, redirects: [], unresolved: reason, neutral: false });
  }

  script(source: string, ctx: Context): void {
    // Past the command limit nothing more is kept: reading on would only cost time and memory.
    if (this.truncated) return;
    if (ctx.depth > this.limits.maxNesting) {
      this.unresolved(clip(source), ctx, `nested more than ${this.limits.maxNesting} levels deep`);
      return;
    }
    const plain = this.limits.plainFastPath === false ? null : plainList(source);
    if (plain !== null) {
      for (const pipeline of plain) this.plainPipeline(pipeline, ctx);
      return;
    }
    const parts = this.limits.plainFastPath === false ? null : listSegments(source);
    if (parts !== null) {
      for (const part of parts) this.script(part, ctx);
      return;
    }
    const stages = this.limits.plainFastPath === false ? null : pipelineStages(source);
    if (stages !== null) {
      this.pipelineStages(stages, ctx);
      return;
    }
    this.parsed(source, ctx, (root) => this.walk(root, ctx));
  }

  /** Parses `source`, reports syntax errors, hands the tree to `use` and frees it; false if the parser gave up. */
  private parsed(source: string, ctx: Context, use: (root: SyntaxNode) => void): boolean {
    const quick = this.limits.plainFastPath === false ? null : quickTree(source);
    if (quick !== null) {
      use(quick);
      return true;
    }
    let text = source;
    for (let round = 0; ; round++) {
      const tree = this.parser.parse(text);
      if (!tree) {
        this.unresolved(clip(source), ctx, 'the shell parser gave up on this input');
        return false;
      }
      let root: SyntaxNode;
      let error: string | null;
      try {
        error = tree.rootNode.hasError ? describeParseError(tree.rootNode, text) : null;
        root = readTree(tree, text);
      } finally {
        tree.delete();
      }
      // The grammar ran a command on past a newline that ends it for bash: parsed again with that
      // newline spelled `;`, which bash reads the same way there (see run-on-lines.ts).
      const edits = runOnNewlines(root);
      const next = edits.length === 0 || round >= MAX_REPARSES || text.length > MAX_REPARSE_LENGTH ? null : withEdits(text, edits);
      if (next === null) {
        if (edits.length > 0) this.problems.push(`the shell parser reads a command on past the newline at offset ${edits[0]!.to - 1}; the lines after it could not be told apart`);
        if (error !== null) this.problems.push(error);
        use(root);
        return true;
      }
      text = next;
    }
  }

  /** A pipeline of plain words: each stage reads what the one before it wrote. */
  private plainPipeline(stages: PlainPipeline, ctx: Context): void {
    let stdin = ctx.stdin;
    for (let k = 0; k < stages.length; k++) {
      const { text, argv } = stages[k]!;
      const here = reading(ctx, stdin);
      this.resolve(text, argv, here, []);
      this.state.noteWrites(argv, [], stdin);
      if (k + 1 < stages.length) stdin = printedBy(argv, stdin); // what the next stage reads
    }
  }

  /** A pipeline split into its stages: each parsed alone, reading what the stage before it wrote. */
  private pipelineStages(stages: readonly string[], ctx: Context): void {
    let stdin = ctx.stdin;
    for (const stage of stages) {
      const here = reading(ctx, stdin);
      const ok = this.parsed(stage, here, (root) => {
        this.walk(root, here);
        const statement = root.namedChildren.find((n): n is SyntaxNode => n !== null && n.type !== 'comment');
        stdin = statement ? stageOutput(statement, stdin, this.words, this.outputOf(here)) : { kind: 'unknown', from: clip(stage) };
      });
      if (!ok) return;
    }
  }

  /** Iterative depth-first walk in source order: deep nesting cannot overflow the stack. */
  private walk(root: SyntaxNode, ctx: Context): void {
    const facts: TreeFacts = { redirectsOf: new Map(), stdinOf: new Map() };
    const stack: { node: SyntaxNode; ctx: Context; depth: number }[] = [{ node: root, ctx, depth: 0 }];
    let tooDeep = false;
    while (stack.length > 0 && !this.truncated) {
      const { node, ctx: here, depth } = stack.pop()!;
      const type = node.type;
      if (depth > this.limits.maxTreeDepth) {
        if (!tooDeep) this.problems.push(`the command line nests more than ${this.limits.maxTreeDepth} levels deep; deeper parts were not analysed`);
        tooDeep = true;
        continue;
      }
      if (type === 'redirected_statement') this.noteRedirects(node, here, facts);
      else if (type === 'pipeline') this.notePipeInputs(node, here, facts);
      else if (type === 'command') this.command(node, here, facts.redirectsOf.get(node.id) ?? []);
      else if (type === 'declaration_command' || type === 'unset_command') this.declaration(node, here, facts.redirectsOf.get(node.id) ?? []);
      else if (type === 'variable_assignment') this.assignment(node, here);
      else if (type === 'variable_assignments') this.assignments(node.text, node.namedChildren, here);
      if (type === 'variable_assignment' && !ASSIGNMENT_HOLDERS.has(node.parent?.type ?? '')) this.assignments(node.text, [node], here);
      else if (type === 'word') this.backquotes(node, here);
      else if (PATTERN_LEAVES.has(type)) this.patternWord(node, here);
      else if (type === 'heredoc_body' && node.parent && !heredocQuoted(node.parent)) this.backquotes(node, here);
      // Inside backquotes, \$ \` and \\ lose their backslash before the body is parsed; the grammar
      // parses the body as written, so a body with backslashes is parsed again as bash reads it.
      if (type === 'command_substitution' && node.text.startsWith('`') && node.text.includes('\\')) {
        this.backquotes(node, here);
        continue;
      }
      const label = NESTING_LABEL[type];
      let childCtx = here;
      if (label && node !== root) {
        if (here.via.length >= this.limits.maxSyntaxNesting) {
          this.unresolved(clip(node.text), here, `nested more than ${this.limits.maxSyntaxNesting} levels deep`);
          continue;
        }
        childCtx = within(here, label, false);
      }
      // Only named nodes can hold commands; leaves without a backquote hold none.
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (!child || (LEAVES.has(child.type) && !child.text.includes('`') && !(PATTERN_LEAVES.has(child.type) && EXPANDS.test(child.text)))) continue;
        const stdin = facts.stdinOf.get(child.id);
        stack.push({ node: child, ctx: stdin === undefined ? childCtx : reading(childCtx, stdin), depth: depth + 1 });
      }
    }
  }

  private outputOf(ctx: Context): (n: SyntaxNode) => Input {
    return (n) => {
      const inner = n.namedChildren.filter(isNode);
      return inner.length === 1 ? stageOutput(inner[0]!, ctx.stdin, this.words, this.outputOf(ctx)) : { kind: 'unknown', from: clip(n.text) };
    };
  }

  /** Redirects belong to the command they follow; the grammar puts some around a whole pipeline. */
  private noteRedirects(node: SyntaxNode, ctx: Context, facts: TreeFacts): void {
    const body = node.childForFieldName('body');
    const redirects = node.childrenForFieldName('redirect').filter(isNode);
    if (!body) {
      // A bare `> file` is the null command with a redirect, as `: > file` is.
      if (redirects.length > 0) this.nullCommand(node.text, redirects, ctx);
      return;
    }
    const target = lastStatement(body);
    facts.redirectsOf.set(target.id, [...(facts.redirectsOf.get(target.id) ?? []), ...redirects]);
    const input = redirectInput(redirects, this.words, this.outputOf(ctx));
    if (input !== undefined) facts.stdinOf.set(target.id, input);
    // `cmd <<EOF | next`: the grammar nests `| next` inside the here-document; it reads cmd's output.
    for (const r of redirects) {
      const piped = r.type === 'heredoc_redirect' ? r.namedChildren.find((c) => c?.type === 'pipeline') : undefined;
      if (piped) facts.stdinOf.set(piped.id, stageOutput(body, input ?? ctx.stdin, this.words, this.outputOf(ctx)));
    }
  }

  /** Redirects with no command: the null command `:` with those redirects. */
  private nullCommand(source: string, redirects: readonly SyntaxNode[], ctx: Context): void {
    const argv = [literal(':')];
    this.resolve(source, argv, ctx, redirects.map(toRedirect));
    this.state.noteWrites(argv, redirects, ctx.stdin);
  }

  private notePipeInputs(pipeline: SyntaxNode, ctx: Context, facts: TreeFacts): void {
    let output: Input = ctx.stdin;
    let first = true;
    for (const stage of pipeline.namedChildren.filter(isNode)) {
      if (stage.type === 'comment') continue;
      const own = facts.stdinOf.get(stage.id);
      const stdin = own !== undefined ? own : first ? ctx.stdin : output;
      if (!first && own === undefined) facts.stdinOf.set(stage.id, stdin);
      output = stageOutput(stage, stdin, this.words, this.outputOf(ctx));
      first = false;
    }
  }

  private command(node: SyntaxNode, ctx: Context, outerRedirects: readonly SyntaxNode[]): void {
    const parts = commandParts(node, this.words, outerRedirects);
    this.assignments(node.text, parts.prefix, ctx);
    if (!parts.named || parts.argv.length === 0) {
      // `X=1 > file` (the parser invents a missing name): its redirects still open files, as `: > file` does
      if (parts.redirects.length > 0) this.nullCommand(node.text, [...outerRedirects, ...parts.redirects], ctx);
      return;
    }
    for (const [word, substitution] of parts.substitutions) this.state.substituted(word, this.outputOf(ctx)(substitution));
    const redirectNodes = [...outerRedirects, ...parts.redirects];
    const own = redirectInput(redirectNodes, this.words, this.outputOf(ctx));
    // `exec <file` with no command redirects the shell's own input for every later command
    if (own !== undefined && parts.argv.length === 1 && binaryName(parts.argv[0]!.text) === 'exec') this.state.shellStdin = own;
    const here = own === undefined ? ctx : reading(ctx, own);
    this.resolve(node.text, parts.argv, here, redirectNodes.map(toRedirect));
    this.state.noteWrites(parts.argv, redirectNodes, here.stdin);
  }

  /** `export A=1`, `declare -x B`, `local C`, `unset D`: builtins the grammar gives a node type of their own. */
  private declaration(node: SyntaxNode, ctx: Context, outerRedirects: readonly SyntaxNode[]): void {
    const keyword = node.child(0);
    if (!keyword || keyword.isNamed) return;
    const argv: Word[] = [literal(keyword.text)];
    const redirects = [...outerRedirects];
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type.endsWith('redirect')) { redirects.push(child); continue; }
      if (child.type === 'variable_name') { argv.push(literal(child.text)); continue; }
      if (child.type !== 'variable_assignment') { append(argv, wordsOf(child, this.words)); continue; }
      argv.push(this.assignmentWord(child));
    }
    this.resolve(node.text, argv, ctx, redirects.map(toRedirect));
  }

  /**
   * An assignment as one `NAME=value` word: bash does not split or glob an assignment's value, so
   * the word is literal when its value is; a value known only at run time still starts with `NAME=`.
   */
  private assignmentWord(node: SyntaxNode): Word {
    const name = node.childForFieldName('name')?.text ?? '';
    const value = node.childForFieldName('value');
    const words = value ? wordsOf(value, this.words) : [literal('')];
    return words.length === 1 && words[0]!.kind === 'literal' ? literal(`${name}=${words[0]!.text}`) : { kind: 'dynamic', text: node.text, split: false, prefix: `${name}=` };
  }

  /**
   * Assignments before a command (`LD_PRELOAD=/tmp/x.so ssh host`) or on their own
   * (`HISTFILE=/dev/null`) are reported as the command `env NAME=value…`, the form rules already
   * read for a variable handed to a program. It only carries the assignments: the program is
   * reported and judged on its own, and the carrier is judged by explicit rules only.
   */
  private assignments(source: string, nodes: readonly SyntaxNode[], ctx: Context): void {
    this.carrier(source, nodes.filter((n) => n.type === 'variable_assignment').map((n) => this.assignmentWord(n)), ctx);
  }

  /** `env NAME=value…` carrying the given assignment words, if any. */
  private carrier(source: string, words: readonly Word[], ctx: Context): void {
    if (words.length === 0) return;
    this.push({ source, argv: [literal('env'), ...words], binary: 'env', via: ctx.via, redirects: [], unresolved: null, neutral: true });
  }

  /** Unwraps wrappers and aliases until the real command is reached; nested scripts are analysed recursively. */
  private resolve(source: string, argv: readonly Word[], ctx: Context, redirects: readonly Redirect[]): void {
    let current = argv;
    let here = ctx;
    for (let hops = 0; hops < 32; hops++) {
      const head = current[0];
      if (!head) return;
      if (head.kind === 'dynamic') {
        this.push({ source, argv: current, binary: null, via: here.via, redirects, unresolved: `the command name comes from ${head.text}, known only at run time`, neutral: false });
        return;
      }
      const alias = here.aliases.has(head.text) ? undefined : this.state.alias(head.text);
      if (alias !== undefined) {
        here = context([...here.via, `alias ${head.text}`], here.depth, here.stdin, new Set([...here.aliases, head.text]));
        if (alias === null) return this.unresolved(source, here, `${head.text} was defined earlier in the line as something other than one simple command with known words`, current);
        current = [...alias, ...current.slice(1)];
        continue;
      }
      const binary = binaryName(head.text);
      const wrapper = wrapperFor(binary);
      const result = wrapper?.unwrap(current) ?? { kind: 'none' as const };
      const stdin = here.stdin ?? this.state.shellStdin;
      const input = result.kind === 'stdin' ? this.state.resolveInput(stdin)
        : result.kind === 'source' ? this.sourceInput(result.file, stdin) : undefined;
      const standsAlone = !wrapper || result.kind === 'none' || input === null;
      const stdinFrom = here.stdin?.program;
      const neutral = !standsAlone && wrapper.neutral;
      this.push({ source, argv: current, binary, via: here.via, redirects, unresolved: null, neutral, ...(stdinFrom === undefined ? {} : { stdinFrom }) });
      this.inside(source, binary, current, here);
      switch (result.kind) {
        case 'none':
          return;
        case 'exec':
          for (const w of result.assignments ?? []) this.assignedWord(w, here);
          // `sudo LD_PRELOAD=… cmd` hands cmd its variables as env does (env's own words already show them)
          if (binary !== 'env') this.carrier(source, result.assignments ?? [], here);
          here = within(here, binary, false);
          current = result.inner;
          continue;
        case 'unresolved':
          return this.unresolved(source, within(here, binary, false), result.reason, current);
        case 'script': {
          const label = isShell(binary) ? `${binary} -c` : binary;
          const inner = within(here, label, true);
          if (result.script.some((w) => w.kind === 'dynamic')) return this.unresolved(source, inner, `${label} runs a script known only at run time`, current);
          return this.script(result.script.map((w) => w.text).join(' '), inner);
        }
        case 'stdin':
        case 'source':
          return this.readScript(source, input ?? null, within(here, `${binary} <script>`, true), current);
      }
    }
    this.unresolved(source, here, 'too many nested wrappers');
  }

  /** The script a shell or `source` reads from the file named by `file`: stdin, a substitution, a file written earlier. */
  private sourceInput(file: Word, stdin: Input): Input {
    if (file.kind === 'literal' && STDIN_PATHS.has(file.text)) return this.state.resolveInput(stdin);
    if (file.kind === 'literal' && DESCRIPTOR_PATH.test(file.text)) return { kind: 'unknown', from: file.text };
    if (file.kind === 'dynamic') return this.state.resolveInput(this.state.substitution(file) ?? null);
    return this.state.written(file.text) ?? null;
  }

  private readScript(source: string, input: Input, ctx: Context, argv: readonly Word[]): void {
    if (input?.kind === 'text') for (const text of input.texts) this.script(text, ctx);
    else if (input?.kind === 'unknown') this.unresolved(source, ctx, `runs commands read from ${input.from}`, argv);
  }

  /** Commands inside a command's own words: find -exec, alias and hash definitions, settings, files it runs. */
  private inside(source: string, binary: string, argv: readonly Word[], ctx: Context): void {
    if (binary === 'find') for (const inner of findExecCommands(argv)) this.resolve(source, inner, within(ctx, 'find -exec', false), []);
    if (binary === 'alias' || binary === 'hash') {
      for (const [name, value] of this.state.define(binary, argv)) {
        if (value.kind === 'literal') this.script(value.text, within(ctx, `alias ${name}`, true));
        else this.unresolved(value.text, ctx, `alias ${name} is defined from a value known only at run time`);
      }
    }
    for (const e of embeddedCommands(binary, argv)) this.embedded(source, e, ctx);
    if (mayReadCode(binary)) this.stdinCode(source, binary, argv, ctx);
    // git runs hooks; hooks written earlier in the line are run by any git command after them
    if (binary === 'git') for (const hook of this.state.writtenMatching(GIT_HOOKS)) this.readScript(source, hook, within(ctx, 'git hook', true), argv);
    const head = argv[0];
    const file = head?.kind === 'literal' && head.text.includes('/') ? this.state.written(head.text) : undefined;
    if (file !== undefined) this.readScript(source, file, within(ctx, head!.text, true), argv);
  }

  /** An interpreter's program read from its input: known text is read for what it starts; input known only at run time is not. */
  private stdinCode(source: string, binary: string, argv: readonly Word[], ctx: Context): void {
    const input = this.state.resolveInput(ctx.stdin ?? this.state.shellStdin);
    const texts = input?.kind === 'text' ? input.texts : null;
    if (texts === null) return;
    for (const e of stdinCodeCommands(binary, argv, texts) ?? []) this.embedded(source, e, ctx);
  }

  private embedded(source: string, e: Embedded, ctx: Context): void {
    const inner = within(ctx, e.label, true);
    if (e.kind === 'script') this.script(e.text, inner);
    else if (e.kind === 'exec') this.resolve(source, e.argv, inner, []);
    else if (e.kind === 'file') this.readScript(source, this.state.written(e.path) ?? null, inner, []);
    else this.unresolved(source, inner, e.reason);
  }

  private assignment(node: SyntaxNode, ctx: Context): void {
    const name = node.childForFieldName('name')?.text;
    const value = node.childForFieldName('value');
    if (!name || !value) return;
    const words = wordsOf(value, this.words);
    const e = assignedCommand(name, words.length === 1 ? words[0]! : { kind: 'dynamic', text: value.text, split: true });
    if (e) this.embedded(node.text, e, ctx);
  }

  /** `NAME=value` given to env or sudo. */
  private assignedWord(w: Word, ctx: Context): void {
    const eq = w.text.indexOf('=');
    const e = assignedCommand(w.text.slice(0, eq), { ...w, text: w.text.slice(eq + 1) });
    if (e) this.embedded(w.text, e, ctx);
  }

  /** Backquoted substitutions the grammar leaves unparsed: in plain words (`${x:-`cmd`}`), in here-documents. */
  /**
   * A pattern (`${x#pat}`, `${x%%pat}`, `[[ $x =~ pat ]]`, an extglob) is a word the shell expands
   * before matching, so a substitution in it runs. The grammar keeps the pattern as one leaf: its
   * text is parsed again as a word, and what it runs is analysed.
   */
  private patternWord(node: SyntaxNode, ctx: Context): void {
    if (!EXPANDS.test(node.text)) return;
    this.parsed(`: ${node.text}`, ctx, (root) => {
      const command = root.namedChildren.find((n): n is SyntaxNode => n !== null && n.type === 'command');
      for (const arg of command?.namedChildren ?? []) if (arg && arg.type !== 'command_name') this.walk(arg, within(ctx, '${…}', false));
    });
  }

  private backquotes(node: SyntaxNode, ctx: Context): void {
    for (const body of backquotedBodies(node.text) ?? []) this.script(body, within(ctx, '$(…)', true));
  }
}

/** Analyses a command line. Bounded in time and memory; never throws on any input. */
export function analyseShell(parser: Parser, commandLine: string, limits: AnalysisLimits = DEFAULT_LIMITS): ShellAnalysis {
  const problem = lineProblem(commandLine, limits.maxLength, limits.maxTreeDepth);
  if (problem?.analysable === false) return { commands: [], problems: [problem.reason] };
  const analyser = new Analyser(parser, limits);
  if (problem) analyser.problems.push(problem.reason);
  try {
    analyser.script(commandLine, context(NO_VIA, 0, null, NO_ALIASES));
  } catch (error) {
    analyser.problems.push(`analysis failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { commands: analyser.commands, problems: analyser.problems };
}
