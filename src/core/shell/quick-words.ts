// The quick reader's cursor and its words: plain runs, '…', "…" with $NAME, ${NAME}, $(…) and
// `…`. What a substitution holds is read by the subclass that reads statements.
import { leaf, node, OUTSIDE, type Draft } from './quick-draft.js';

const WORD_CHAR = /[A-Za-z0-9_\-./:,@+%^~=\\]/;
/** Plain characters, and any character but a blank escaped with a backslash (`\git`, `\;`). */
const WORD_RUN = /(?:[A-Za-z0-9_\-./:,@+%^~=]|\\[^\s])+/y;
export const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /^-?\d+$/;
/** Text inside double quotes that stands for itself here (no `$`, quote, backslash, backquote or `!`). */
const STRING_RUN = /[^"$\\`!\n\r]+/y;
/** White space other than a space, a tab or a newline (the grammar's view of which is not read here). */
const OTHER_BLANK = /[^\S \t\n]/;

const endsWord = (c: string): boolean => c === '' || c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === ')';

/** What a backquoted substitution may hold here: no backslash (bash unescapes `\\`, `\$` and `\`` in it first), no newline, no here-document. */
const BACKQUOTED_BODY = /^[^\\\n`]+$/;

export abstract class WordReader {
  protected i = 0;
  /** Inside `…`, where a backquote ends the word (and the substitution). */
  private inBackquotes = false;
  /** Where the backquotes read as syntax stand: any other backquote leaves the line to the grammar. */
  readonly backquotes: number[] = [];

  constructor(protected readonly s: string) {}

  /** Statements and their terminators up to `close` (or the end), as children for a parent. */
  abstract statements(close: string | null, depth: number): Draft[];

  protected get c(): string { return this.s.charAt(this.i); }

  protected blanks(): void {
    while (this.c === ' ' || this.c === '\t') this.i++;
  }

  protected at(token: string): boolean { return this.s.startsWith(token, this.i); }

  protected token(text: string): Draft {
    const d = leaf(text, false, this.i, this.i + text.length);
    this.i += text.length;
    return d;
  }

  /** Which of `words` stands here as a whole word, if any. */
  protected keywordAhead(words: ReadonlySet<string>): string | null {
    WORD_RUN.lastIndex = this.i;
    if (!WORD_RUN.test(this.s)) return null;
    const run = this.s.slice(this.i, WORD_RUN.lastIndex);
    if (!words.has(run)) return null;
    return this.endsAt(this.i + run.length) ? run : null;
  }

  /** Where a word cannot go on: a blank, an operator, a closing parenthesis or backquote, the end. */
  protected wordEnds(): boolean {
    return this.endsAt(this.i);
  }

  private endsAt(at: number): boolean {
    const c = this.s.charAt(at);
    return endsWord(c) || (c === '`' && this.inBackquotes);
  }

  /**
   * An argument `{}` on its own (`find … -exec rm {} \;`, `xargs -I{} cp {} …`): the grammar reads
   * it as the words `{` and `}` side by side. Joined to anything else (`{}\;`, `a{}`), the grammar
   * splits it where bash does not: left to the grammar, as is `{}` where a command name stands.
   */
  protected emptyBraces(): Draft | null {
    if (!this.at('{}') || !this.endsAt(this.i + 2)) return null;
    const open = leaf('word', true, this.i, this.i + 1);
    const close = leaf('word', true, this.i + 1, this.i + 2);
    this.i += 2;
    return node('concatenation', [open, close]);
  }

  /** One word as written: its parts side by side, a concatenation when there are several. */
  protected piece(depth: number): Draft {
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
      } else if (c === '`') {
        // A word of a backquoted substitution alone; the grammar joins others its own way.
        if (parts.length > 0) throw OUTSIDE;
        parts.push(this.backquoted(depth));
        if (!this.wordEnds()) throw OUTSIDE;
      } else if (WORD_CHAR.test(c)) {
        WORD_RUN.lastIndex = this.i;
        if (!WORD_RUN.test(this.s)) throw OUTSIDE; // a backslash before a blank, or at the end
        const run = this.s.slice(this.i, WORD_RUN.lastIndex);
        if (run.startsWith('\\') && parts.length > 0) throw OUTSIDE; // the grammar splits `"a"\b` into two words
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

  /**
   * `"…"` as the grammar reads it: each newline belongs to no node, text runs between them are
   * `string_content`, and blanks with nothing else before a newline, a `$` or the closing quote
   * are no content either: before a newline they belong to nothing, before a `$` or the quote
   * the grammar's token there starts at them (`"a $X"` has `$X` at ` $X`).
   */
  protected string(depth: number): Draft {
    const kids: Draft[] = [this.token('"')];
    for (;;) {
      const from = this.i;
      this.blanks();
      const c = this.c;
      if (c === '\n') { this.i++; continue; }
      if (c === '"') {
        kids.push(leaf('"', false, from, this.i + 1));
        this.i++;
        break;
      }
      if (c === '$') {
        const expansion = this.dollar(depth);
        expansion.start = from;
        expansion.kids[0]!.start = from;
        kids.push(expansion);
        continue;
      }
      STRING_RUN.lastIndex = from;
      const run = STRING_RUN.exec(this.s)?.[0];
      // Unterminated, what expands or escapes, or a blank other than a space or tab: the grammar's.
      if (run === undefined || OTHER_BLANK.test(run)) throw OUTSIDE;
      kids.push(leaf('string_content', true, from, from + run.length));
      this.i = from + run.length;
    }
    return node('string', kids);
  }

  /**
   * `…` holding plain commands on one line: the grammar reads it as it reads $(…). One per line:
   * after a closing backquote, the grammar may take a later one for the start of a nested
   * substitution (`a` `b`, or `a` then a line with `b`), which bash never does.
   */
  private backquoted(depth: number): Draft {
    const close = this.s.indexOf('`', this.i + 1);
    if (this.backquotes.length > 0 || close === -1 || !BACKQUOTED_BODY.test(this.s.slice(this.i + 1, close)) || this.s.includes('<<', this.i)) throw OUTSIDE;
    this.backquotes.push(this.i, close);
    const open = this.token('`');
    this.inBackquotes = true;
    const body = this.statements('`', depth + 1);
    this.inBackquotes = false;
    return node('command_substitution', [open, ...body, this.token('`')]);
  }

  /** `$NAME`, `${NAME}` or `$(…)`; other expansions are the grammar's. */
  protected dollar(depth: number): Draft {
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
    const variable = leaf(name === '_' ? 'special_variable_name' : 'variable_name', true, this.i, this.i + name.length);
    this.i += name.length;
    if (!braced) return node('simple_expansion', [open, variable]);
    if (this.c !== '}') throw OUTSIDE;
    return node('expansion', [open, variable, this.token('}')]);
  }
}
