// The shapes most agent commands take — words, quotes, `$NAME`, `${NAME}`, `$(…)`, assignments,
// redirects, here-strings, pipelines, lists, subshells, `for`/`while`/`if` and `[ -X word ]`
// tests, on one line or on several — read without the grammar. The grammar takes 10–35 µs on such
// a line (an assignment from a substitution is its slowest); this reader takes one pass. It builds
// the very tree the grammar builds (a property test compares the two node for node), so the
// analysis cannot tell which one read a line — except where the grammar misreads bash
// (`a | b | c && d`, and a command on the line after a pipeline of three stages), where this reader
// reads as bash does. Anything outside these shapes — or any doubt — gives null, and the grammar
// reads the line.
import { SyntaxNode } from './syntax-tree.js';

/** A node being built: ranges are known only once its children are. */
interface Draft {
  readonly type: string;
  readonly named: boolean;
  start: number;
  end: number;
  readonly kids: Draft[];
  readonly fields: (string | null)[];
}

/** Thrown when the line leaves the shapes read here: made once, as a signal rather than a failure. */
const OUTSIDE = new Error('outside the shapes the quick reader takes');

const WORD_CHAR = /[A-Za-z0-9_\-./:,@+%^~=]/;
const WORD_RUN = /[A-Za-z0-9_\-./:,@+%^~=]+/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const ASSIGNMENT = /[A-Za-z_][A-Za-z0-9_]*=/y;
const NUMBER = /^-?\d+$/;
/** Command names read here (the grammar stumbles on `@`, `%`, `:`, `=`, `~` in some places). */
const COMMAND_NAME = /^[A-Za-z0-9_./+^,-]+$/;
const DIGITS = /\d+/y;
/** Text inside double quotes that stands for itself here (no `$`, quote, backslash, backquote or `!`). */
const STRING_RUN = /[^"$\\`!\n\r]+/y;
/** Characters outside every shape read here, wherever they stand. */
const NEVER = /[\r`\\]/;
/** Deepest nesting of `$(…)` and `(…)` read here. */
const MAX_DEPTH = 16;
/** Words the grammar reads as syntax where a command name stands. */
const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time',
  'coproc', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'unsetenv',
]);

const COMPOUND_WORDS: ReadonlySet<string> = new Set(['for', 'while', 'if']);
const IN: ReadonlySet<string> = new Set(['in']);
const DO: ReadonlySet<string> = new Set(['do']);
const DONE: ReadonlySet<string> = new Set(['done']);
const THEN: ReadonlySet<string> = new Set(['then']);
const AFTER_THEN: ReadonlySet<string> = new Set(['elif', 'else', 'fi']);
const FI: ReadonlySet<string> = new Set(['fi']);

const leaf = (type: string, named: boolean, start: number, end: number): Draft => ({ type, named, start, end, kids: [], fields: [] });

function node(type: string, kids: Draft[], fields?: (string | null)[]): Draft {
  return { type, named: true, start: kids[0]!.start, end: kids[kids.length - 1]!.end, kids, fields: fields ?? kids.map(() => null) };
}

class QuickReader {
  private i = 0;

  constructor(private readonly s: string) {}

  private get c(): string { return this.s.charAt(this.i); }

  private blanks(): void {
    while (this.c === ' ' || this.c === '\t') this.i++;
  }

  private at(token: string): boolean { return this.s.startsWith(token, this.i); }

  private token(text: string): Draft {
    const d = leaf(text, false, this.i, this.i + text.length);
    this.i += text.length;
    return d;
  }

  /** Statements and their `;` / `&` up to `close` (or the end), as children for a parent. */
  statements(close: string | null, depth: number): Draft[] {
    const out = this.until(close, null, depth);
    if (close !== null && this.c !== close) throw OUTSIDE;
    return out;
  }

  /**
   * Statements and their terminators up to the character `close`, or up to one of the words
   * `closers` standing where a command would (`done`, `then`, `fi`…), which must follow a `;` or `&`.
   */
  private until(close: string | null, closers: ReadonlySet<string> | null, depth: number): Draft[] {
    if (depth > MAX_DEPTH) throw OUTSIDE;
    const out: Draft[] = [];
    // A statement ends at `;`, `&` (tokens of the tree) or a newline (none): only then may another follow.
    let ended = true;
    for (;;) {
      while (this.c === ' ' || this.c === '\t' || this.c === '\n') this.i++;
      if (this.i >= this.s.length || (close !== null && this.c === close)) break;
      if (!ended) throw OUTSIDE;
      if (closers !== null && this.keywordAhead(closers) !== null) {
        if (out.length === 0) throw OUTSIDE;
        return out;
      }
      out.push(this.statement(depth));
      this.blanks();
      const c = this.c;
      ended = c === '\n';
      if (c === ';' || (c === '&' && !this.at('&&') && !this.at('&>'))) {
        if (this.at(';;') || this.at(';&')) throw OUTSIDE; // case terminators
        out.push(this.token(c));
        ended = true;
        continue;
      }
      if (ended) continue;
      if (this.i >= this.s.length || (close !== null && c === close)) break;
      throw OUTSIDE;
    }
    if (closers !== null) throw OUTSIDE; // the line ended before the closing word
    if (out.length === 0 || !out[0]!.named) throw OUTSIDE;
    return out;
  }

  /** Which of `words` stands here as a whole word, if any. */
  private keywordAhead(words: ReadonlySet<string>): string | null {
    WORD_RUN.lastIndex = this.i;
    const run = WORD_RUN.exec(this.s)?.[0];
    if (run === undefined || !words.has(run)) return null;
    const after = this.s.charAt(this.i + run.length);
    return after === '' || after === ' ' || after === '\t' || after === '\n' || after === ';' || after === '&' || after === '|' || after === ')' ? run : null;
  }

  /**
   * A pipeline or list, with redirects after any part. As the grammar reads it: `|` binds
   * tighter than `&&`/`||` (lists nest to the left), and a redirect wraps everything before it.
   */
  private statement(depth: number): Draft {
    let left = this.unit(depth);
    for (;;) {
      this.blanks();
      if (this.redirectAhead()) {
        const redirects = this.redirects();
        left = node('redirected_statement', [left, ...redirects], ['body', ...redirects.map(() => 'redirect')]);
        continue;
      }
      if (this.at('||') || this.at('&&')) {
        const op = this.token(this.s.slice(this.i, this.i + 2));
        this.blanks();
        left = node('list', [left, op, this.unit(depth)]);
        continue;
      }
      if (this.c === '|') {
        if (this.at('|&')) throw OUTSIDE;
        const bar = this.token('|');
        this.blanks();
        left = this.piped(left, bar, this.unit(depth));
        continue;
      }
      return left;
    }
  }

  /** `left | next`: a pipeline goes on; in a list, the pipe takes the list's last part. */
  private piped(left: Draft, bar: Draft, next: Draft): Draft {
    if (left.type === 'pipeline') return node('pipeline', [...left.kids, bar, next]);
    if (left.type === 'list') {
      const kids = [...left.kids];
      kids[kids.length - 1] = this.piped(kids[kids.length - 1]!, bar, next);
      return node('list', kids);
    }
    return node('pipeline', [left, bar, next]);
  }

  /** A subshell, a loop, an `if`, a `[ … ]` test, a simple command, or assignments alone. */
  private unit(depth: number): Draft {
    const keyword = this.keywordAhead(COMPOUND_WORDS);
    if (keyword === 'for') return this.forLoop(depth);
    if (keyword === 'while') return this.whileLoop(depth);
    if (keyword === 'if') return this.ifStatement(depth);
    if (this.c === '[' && (this.at('[ ') || this.at('[\t'))) return this.test(depth);
    if (this.c === '(') {
      if (this.at('((')) throw OUTSIDE; // arithmetic
      const open = this.token('(');
      const body = this.statements(')', depth + 1);
      return node('subshell', [open, ...body, this.token(')')]);
    }
    return this.command(depth);
  }

  /** `for NAME in WORD…; do …; done` (one line: the `;` is required). */
  private forLoop(depth: number): Draft {
    const kids = [this.token('for')];
    const fields: (string | null)[] = [null];
    this.blanks();
    NAME.lastIndex = this.i;
    const name = NAME.exec(this.s)?.[0];
    if (name === undefined) throw OUTSIDE;
    kids.push(leaf('variable_name', true, this.i, this.i + name.length));
    fields.push('variable');
    this.i += name.length;
    this.blanks();
    if (this.keywordAhead(IN) === null) throw OUTSIDE;
    kids.push(this.token('in'));
    fields.push(null);
    for (;;) {
      this.blanks();
      if (this.c === ';') break;
      if (this.wordEnds() || this.redirectAhead() || this.c === '<') throw OUTSIDE;
      kids.push(this.piece(depth));
      fields.push('value');
    }
    if (fields[fields.length - 1] !== 'value' || this.at(';;') || this.at(';&')) throw OUTSIDE;
    kids.push(this.token(';'));
    fields.push(null);
    this.blanks();
    kids.push(this.doGroup(depth));
    fields.push('body');
    return node('for_statement', kids, fields);
  }

  /** `KEYWORD` and the statements of its condition, up to `closers`, with their fields. */
  private headed(keyword: string, closers: ReadonlySet<string>, depth: number): { kids: Draft[]; fields: (string | null)[] } {
    const kids = [this.token(keyword), ...this.until(null, closers, depth + 1)];
    return { kids, fields: kids.map((_, k) => (k === 0 ? null : 'condition')) };
  }

  /** `while …; do …; done`. */
  private whileLoop(depth: number): Draft {
    const { kids, fields } = this.headed('while', DO, depth);
    kids.push(this.doGroup(depth));
    fields.push('body');
    return node('while_statement', kids, fields);
  }

  private doGroup(depth: number): Draft {
    if (this.keywordAhead(DO) === null) throw OUTSIDE;
    const kids = [this.token('do'), ...this.until(null, DONE, depth + 1)];
    kids.push(this.token('done'));
    return node('do_group', kids);
  }

  /** `if …; then …; [elif …; then …;] [else …;] fi`. */
  private ifStatement(depth: number): Draft {
    const { kids, fields } = this.headed('if', THEN, depth);
    const rest = [this.token('then'), ...this.until(null, AFTER_THEN, depth + 1)];
    for (;;) {
      const next = this.keywordAhead(AFTER_THEN);
      if (next === 'elif') {
        const clause = [this.token('elif'), ...this.until(null, THEN, depth + 1)];
        clause.push(this.token('then'), ...this.until(null, AFTER_THEN, depth + 1));
        rest.push(this.clause('elif_clause', clause));
        continue;
      }
      if (next === 'else') rest.push(this.clause('else_clause', [this.token('else'), ...this.until(null, FI, depth + 1)]));
      break;
    }
    rest.push(this.token('fi'));
    for (const r of rest) {
      kids.push(r);
      fields.push(null);
    }
    return node('if_statement', kids, fields);
  }

  /** An `elif` or `else` clause: one whose last statement ends at a newline takes in that newline. */
  private clause(type: string, kids: Draft[]): Draft {
    const d = node(type, kids);
    if (kids[kids.length - 1]!.named) d.end = this.s.indexOf('\n', d.end) + 1;
    return d;
  }

  /** `[ -X WORD ]`, the one test read here. */
  private test(depth: number): Draft {
    const open = this.token('[');
    this.blanks();
    if (!/^-[A-Za-z][ \t]/.test(this.s.slice(this.i, this.i + 3))) throw OUTSIDE;
    const operator = leaf('test_operator', true, this.i, this.i + 2);
    this.i += 2;
    this.blanks();
    if (this.c === '-' || this.c === ']' || this.wordEnds()) throw OUTSIDE;
    const operand = this.piece(depth);
    if (operand.type === 'number' || (operand.type === 'word' && !COMMAND_NAME.test(this.s.slice(operand.start, operand.end)))) throw OUTSIDE;
    this.blanks();
    if (this.c !== ']') throw OUTSIDE;
    const close = this.token(']');
    if (!this.wordEnds()) throw OUTSIDE;
    return node('test_command', [open, node('unary_expression', [operator, operand], ['operator', null]), close]);
  }

  private command(depth: number): Draft {
    const kids: Draft[] = [];
    const fields: (string | null)[] = [];
    for (;;) {
      ASSIGNMENT.lastIndex = this.i;
      if (!ASSIGNMENT.test(this.s)) break;
      kids.push(this.assignment(depth));
      fields.push(null);
      this.blanks();
    }
    if (this.wordEnds() || this.redirectAhead() || this.at('<')) {
      // Assignments alone; with a redirect the grammar invents an empty command name: left to it.
      if (kids.length === 0 || this.redirectAhead() || this.at('<')) throw OUTSIDE;
      // The grammar runs `X=1` and a command on the next line together as one command.
      if (/^[ \t]*\n/.test(this.s.slice(this.i, this.i + 64))) throw OUTSIDE;
      return kids.length === 1 ? kids[0]! : node('variable_assignments', kids);
    }
    if (this.c === '-' || this.c === '=' || this.c === '(') throw OUTSIDE;
    const name = this.piece(depth);
    // The grammar reads some names as syntax or as errors (`a%b`, `git@x`, `2a=b`, keywords, also
    // when joined to quotes): such lines are left to it.
    const first = name.type === 'concatenation' ? name.kids[0]! : name;
    const firstText = this.s.slice(first.start, first.end);
    if (name.type === 'number' || (first.type === 'word' && (!COMMAND_NAME.test(firstText) || KEYWORDS.has(firstText)))) throw OUTSIDE;
    kids.push(node('command_name', [name]));
    fields.push('name');
    for (;;) {
      this.blanks();
      if (this.at('<<<')) {
        kids.push(this.hereString(depth));
        fields.push('redirect');
        this.blanks();
        if (!this.wordEnds() || this.redirectAhead()) throw OUTSIDE;
        break;
      }
      if (this.wordEnds() || this.redirectAhead()) break;
      const argument = this.piece(depth);
      if (this.s.slice(argument.start, argument.end) === '-' && this.descriptorRedirectAhead()) throw OUTSIDE; // the grammar drops the `-` of `- 2>x`
      kids.push(argument);
      fields.push('argument');
    }
    return node('command', kids, fields);
  }

  private assignment(depth: number): Draft {
    NAME.lastIndex = this.i;
    const name = NAME.exec(this.s)![0];
    const kids = [leaf('variable_name', true, this.i, this.i + name.length)];
    this.i += name.length;
    kids.push(this.token('='));
    const fields: (string | null)[] = ['name', null];
    // The grammar gives `(X=)` and `X=|a` an empty value word, `X=;` and `X= a` none.
    if (this.c === ')' || this.c === '|' || this.c === '&') throw OUTSIDE;
    if (!this.wordEnds()) {
      if (this.redirectAhead() || this.c === '(') throw OUTSIDE;
      kids.push(this.piece(depth));
      fields.push('value');
    }
    return node('variable_assignment', kids, fields);
  }

  /** Where a word cannot go on: a blank, an operator, a closing parenthesis, the end. */
  private wordEnds(): boolean {
    const c = this.c;
    return c === '' || c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === ')';
  }

  /** A redirect this reader takes: `[n]>`, `>>`, `<`, `&>`, `&>>`, `[n]>&n`. */
  private redirectAhead(): boolean {
    let j = this.i;
    while (j < this.s.length && this.s.charCodeAt(j) >= 48 && this.s.charCodeAt(j) <= 57) j++;
    const c = this.s.charAt(j);
    if (j > this.i && c !== '>' && c !== '<') return false;
    if (c === '>' || (c === '<' && !this.s.startsWith('<<', j))) return true;
    return j === this.i && this.at('&>');
  }

  /** After blanks, a redirect with a descriptor number (`2>x`)? Reads nothing. */
  private descriptorRedirectAhead(): boolean {
    const at = this.i;
    this.blanks();
    const ahead = /\d/.test(this.c) && this.redirectAhead();
    this.i = at;
    return ahead;
  }

  private redirects(): Draft[] {
    const out: Draft[] = [];
    while (this.redirectAhead()) {
      out.push(this.redirect());
      this.blanks();
    }
    // A word after a redirect joins the grammar's redirect as a second destination: left to it.
    if (!this.wordEnds() && !this.at('&&') && !this.at('||')) throw OUTSIDE;
    if (this.c === '<') throw OUTSIDE;
    return out;
  }

  private redirect(): Draft {
    const kids: Draft[] = [];
    const fields: (string | null)[] = [];
    DIGITS.lastIndex = this.i;
    const fd = DIGITS.exec(this.s)?.[0];
    if (fd !== undefined && DIGITS.lastIndex === this.i + fd.length && fd.length > 0 && /[<>]/.test(this.s.charAt(this.i + fd.length))) {
      if (fd.startsWith('0')) throw OUTSIDE; // the grammar reads `0>` as an argument `0` and a redirect
      kids.push(leaf('file_descriptor', true, this.i, this.i + fd.length));
      fields.push('descriptor');
      this.i += fd.length;
    }
    const op = ['&>>', '&>', '>>', '>&', '>', '<'].find((o) => this.at(o))!;
    if (this.at('>|') || this.at('<&') || this.at('<>') || this.at('>(') || this.at('<(')) throw OUTSIDE;
    if (op === '&>' && kids.length > 0) throw OUTSIDE;
    kids.push(this.token(op));
    fields.push(null);
    this.blanks();
    if (this.wordEnds() || this.c === '<' || this.c === '>') throw OUTSIDE;
    const start = this.i;
    const destination = this.piece(0);
    // `>&` takes a descriptor number only here (`>&file` and `>&-` are the grammar's).
    if (op === '>&' && (destination.type !== 'number' || this.s.charAt(start) === '-')) throw OUTSIDE;
    kids.push(destination);
    fields.push('destination');
    return node('file_redirect', kids, fields);
  }

  private hereString(depth: number): Draft {
    const op = this.token('<<<');
    this.blanks();
    if (this.wordEnds() || this.redirectAhead()) throw OUTSIDE;
    return node('herestring_redirect', [op, this.piece(depth)]);
  }

  /** One word as written: its parts side by side, a concatenation when there are several. */
  private piece(depth: number): Draft {
    const parts: Draft[] = [];
    while (!this.wordEnds()) {
      const c = this.c;
      if (c === "'") {
        const close = this.s.indexOf("'", this.i + 1);
        if (close === -1) throw OUTSIDE;
        parts.push(leaf('raw_string', true, this.i, close + 1));
        this.i = close + 1;
      } else if (c === '"') {
        parts.push(this.string(depth));
      } else if (c === '$') {
        parts.push(this.dollar(depth));
      } else if (WORD_CHAR.test(c)) {
        WORD_RUN.lastIndex = this.i;
        const run = WORD_RUN.exec(this.s)![0];
        // A number only starts a word here; digits after another part are left to the grammar.
        const number = NUMBER.test(run);
        if (number && parts.length > 0) throw OUTSIDE;
        if (run.startsWith('=') || (run.includes('=') && parts.length > 0)) throw OUTSIDE;
        parts.push(leaf(number ? 'number' : 'word', true, this.i, this.i + run.length));
        this.i += run.length;
      } else {
        throw OUTSIDE; // globs, braces, comments, process substitution, `<`/`>` inside a word
      }
    }
    if (parts.length === 0) throw OUTSIDE;
    return parts.length === 1 ? parts[0]! : node('concatenation', parts);
  }

  private string(depth: number): Draft {
    const kids: Draft[] = [this.token('"')];
    for (;;) {
      const c = this.c;
      if (c === '"') break;
      if (c === '$') { kids.push(this.dollar(depth)); continue; }
      STRING_RUN.lastIndex = this.i;
      const run = STRING_RUN.exec(this.s)?.[0];
      if (run === undefined) throw OUTSIDE; // unterminated, or what expands or escapes
      kids.push(leaf('string_content', true, this.i, this.i + run.length));
      this.i += run.length;
    }
    kids.push(this.token('"'));
    return node('string', kids);
  }

  /** `$NAME`, `${NAME}` or `$(…)`; other expansions are the grammar's. */
  private dollar(depth: number): Draft {
    const next = this.s.charAt(this.i + 1);
    if (next === '(') {
      if (this.s.charAt(this.i + 2) === '(') throw OUTSIDE;
      const open = this.token('$(');
      const body = this.statements(')', depth + 1);
      return node('command_substitution', [open, ...body, this.token(')')]);
    }
    const braced = next === '{';
    NAME.lastIndex = this.i + (braced ? 2 : 1);
    const name = NAME.exec(this.s)?.[0];
    if (name === undefined) throw OUTSIDE;
    const open = this.token(braced ? '${' : '$');
    const variable = leaf('variable_name', true, this.i, this.i + name.length);
    this.i += name.length;
    if (!braced) return node('simple_expansion', [open, variable]);
    if (this.c !== '}') throw OUTSIDE;
    return node('expansion', [open, variable, this.token('}')]);
  }
}

/** Turns drafts into the analysis's nodes, numbered depth first as the grammar's copy numbers them. */
function build(root: Draft, source: string): SyntaxNode {
  let ids = 0;
  let top: SyntaxNode | null = null;
  // Without recursion: a long `&&` chain nests one list per command.
  const stack: [Draft, SyntaxNode | null, string | null][] = [[root, null, null]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [d, parent, field] = next;
    const n = new SyntaxNode(ids++, d.type, d.named, false, d.start, d.end, source);
    if (parent) {
      n.parent = parent;
      parent.children.push(n);
      parent.fields.push(field);
    } else {
      top = n;
    }
    for (let k = d.kids.length - 1; k >= 0; k--) stack.push([d.kids[k]!, n, d.fields[k] ?? null]);
  }
  return top!;
}

/** The grammar's tree for a line of the shapes read here, or null. */
export function quickTree(source: string): SyntaxNode | null {
  if (NEVER.test(source)) return null;
  try {
    const program = node('program', new QuickReader(source).statements(null, 0));
    program.end = source.length; // the grammar's program takes in trailing blanks
    return build(program, source);
  } catch (e) {
    if (e === OUTSIDE) return null;
    throw e;
  }
}
