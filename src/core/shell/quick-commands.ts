// The quick reader's statements: simple commands with assignments and redirects, pipelines and
// lists as the grammar nests them, subshells, and statements up to a closing word. Compound
// statements come from the subclass (quick-compound.ts) through `compound`.
import { leaf, node, OUTSIDE, type Draft } from './quick-draft.js';
import { NAME, WordReader } from './quick-words.js';

const ASSIGNMENT = /[A-Za-z_][A-Za-z0-9_]*=/y;
/** Command names read here (the grammar stumbles on `@`, `%`, `:`, `=`, `~` in some places). */
export const COMMAND_NAME = /^(?:[A-Za-z0-9_./+^,-]|\\[A-Za-z0-9_./+^,-])+$/;
const DIGITS = /\d+/y;
/** A here-document's delimiter as written: `EOF`, `'EOF'` or `"EOF"`. */
const DELIMITER = /(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/y;
/** What makes an unquoted here-document's body more than text. */
const EXPANDS = /[$`\\]/;
/** Deepest nesting of `$(…)`, `(…)` and compound statements read here. */
const MAX_DEPTH = 16;
/** Words the grammar reads as syntax where a command name stands. */
const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time',
  'coproc', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'unsetenv',
]);

export class CommandReader extends WordReader {
  /** The bodies of the here-documents read, as [start, end): text the shell does not read as syntax. */
  readonly heredocBodies: [number, number][] = [];

  /** Statements and their `;` / `&` up to `close` (or the end), as children for a parent. */
  override statements(close: string | null, depth: number): Draft[] {
    const out = this.until(close, null, depth);
    if (close !== null && this.c !== close) throw OUTSIDE;
    return out;
  }

  /**
   * Statements and their terminators up to the character `close`, or up to one of the words
   * `closers` standing where a command would (`done`, `then`, `fi`…), which must follow a `;` or `&`.
   */
  protected until(close: string | null, closers: ReadonlySet<string> | null, depth: number): Draft[] {
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

  /**
   * A pipeline or list, with redirects after any part. As the grammar reads it: `|` binds
   * tighter than `&&`/`||` (lists nest to the left), and a redirect wraps everything before it.
   */
  protected statement(depth: number): Draft {
    let left = this.unit(depth);
    for (;;) {
      this.blanks();
      if (this.redirectAhead() || this.heredocAhead()) {
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
  protected piped(left: Draft, bar: Draft, next: Draft): Draft {
    if (left.type === 'pipeline') return node('pipeline', [...left.kids, bar, next]);
    if (left.type === 'list') {
      const kids = [...left.kids];
      kids[kids.length - 1] = this.piped(kids[kids.length - 1]!, bar, next);
      return node('list', kids);
    }
    return node('pipeline', [left, bar, next]);
  }

  /** A compound statement starting here, or null: none in this reader. */
  protected compound(_depth: number): Draft | null {
    return null;
  }

  /** A subshell, a loop, an `if`, a `[ … ]` test, a simple command, or assignments alone. */
  protected unit(depth: number): Draft {
    const compound = this.compound(depth);
    if (compound !== null) return compound;
    if (this.c === '(') {
      if (this.at('((')) throw OUTSIDE; // arithmetic
      const open = this.token('(');
      const body = this.statements(')', depth + 1);
      return node('subshell', [open, ...body, this.token(')')]);
    }
    return this.command(depth);
  }

  protected command(depth: number): Draft {
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
      if (this.wordEnds() || this.redirectAhead() || this.heredocAhead()) break;
      const argument = this.emptyBraces() ?? this.piece(depth);
      if (this.s.slice(argument.start, argument.end) === '-') {
        if (this.descriptorRedirectAhead()) throw OUTSIDE; // the grammar drops the `-` of `- 2>x`
        // It drops the `-` of `python3 - <<'EOF'` too; the tree here is its tree, so the same
        // analysis follows whichever reader read the line.
        if (this.heredocAfterBlanks()) continue;
      }
      kids.push(argument);
      fields.push('argument');
    }
    return node('command', kids, fields);
  }

  protected assignment(depth: number): Draft {
    NAME.lastIndex = this.i;
    const name = NAME.exec(this.s)![0];
    if (name === '_') throw OUTSIDE; // the grammar reads `_=…` as a command named `_=…`
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

  /** A redirect this reader takes: `[n]>`, `>>`, `<`, `&>`, `&>>`, `[n]>&n`. */
  protected redirectAhead(): boolean {
    let j = this.i;
    while (j < this.s.length && this.s.charCodeAt(j) >= 48 && this.s.charCodeAt(j) <= 57) j++;
    const c = this.s.charAt(j);
    if (j > this.i && c !== '>' && c !== '<') return false;
    if (c === '>' || (c === '<' && !this.s.startsWith('<<', j))) return true;
    return j === this.i && this.at('&>');
  }

  /** After blanks, a redirect with a descriptor number (`2>x`)? Reads nothing. */
  protected descriptorRedirectAhead(): boolean {
    const at = this.i;
    this.blanks();
    const ahead = /\d/.test(this.c) && this.redirectAhead();
    this.i = at;
    return ahead;
  }

  protected redirects(): Draft[] {
    const out: Draft[] = [];
    while (this.redirectAhead()) {
      out.push(this.redirect());
      this.blanks();
    }
    if (this.heredocAhead()) {
      out.push(this.heredoc());
      return out;
    }
    // A word after a redirect joins the grammar's redirect as a second destination: left to it.
    if (!this.wordEnds() && !this.at('&&') && !this.at('||')) throw OUTSIDE;
    if (this.c === '<') throw OUTSIDE;
    return out;
  }

  protected redirect(): Draft {
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

  /** After blanks, a here-document? Reads the blanks only when there is one. */
  protected heredocAfterBlanks(): boolean {
    const at = this.i;
    this.blanks();
    if (this.i > at && this.heredocAhead()) return true;
    this.i = at;
    return false;
  }

  /** `<<` but not `<<<`: a here-document starts here. */
  protected heredocAhead(): boolean {
    return this.at('<<') && !this.at('<<<');
  }

  /**
   * A here-document that ends its line (`cat > f <<'EOF'`), its body and its closing line. A body
   * is read only when it is plain text: quoted delimiter, or no `$`, backquote or backslash in it.
   */
  protected heredoc(): Draft {
    const op = this.token('<<');
    if (this.c === '-') throw OUTSIDE; // `<<-` strips tabs: the grammar's
    this.blanks();
    DELIMITER.lastIndex = this.i;
    const m = DELIMITER.exec(this.s);
    if (!m) throw OUTSIDE;
    const start = leaf('heredoc_start', true, this.i, this.i + m[0].length);
    this.i += m[0].length;
    this.blanks();
    // More on the start line nests inside the here-document in the grammar's tree: left to it.
    if (this.c !== '\n') throw OUTSIDE;
    const delimiter = m[2]!;
    const bodyStart = this.i + 1;
    let line = bodyStart;
    for (;;) {
      const next = this.s.indexOf('\n', line);
      const lineEnd = next === -1 ? this.s.length : next;
      let text = line;
      while (this.s.charAt(text) === ' ' || this.s.charAt(text) === '\t') text++;
      if (this.s.startsWith(delimiter, text)) {
        if (text === line && lineEnd === line + delimiter.length) break;
        throw OUTSIDE; // a line that starts like the delimiter: which one ends the body is the grammar's call
      }
      if (next === -1) throw OUTSIDE; // no closing line
      line = next + 1;
    }
    if (m[1] === '' && EXPANDS.test(this.s.slice(bodyStart, line))) throw OUTSIDE;
    // The grammar's body starts at its first character that is not blank.
    let text = bodyStart;
    while (text < line && (this.s.charAt(text) === ' ' || this.s.charAt(text) === '\t' || this.s.charAt(text) === '\n')) text++;
    if (text === line) throw OUTSIDE;
    this.heredocBodies.push([bodyStart, line]);
    this.i = line + delimiter.length;
    return node('heredoc_redirect', [op, start, leaf('heredoc_body', true, text, line), leaf('heredoc_end', true, line, this.i)]);
  }

  protected hereString(depth: number): Draft {
    const op = this.token('<<<');
    this.blanks();
    if (this.wordEnds() || this.redirectAhead()) throw OUTSIDE;
    return node('herestring_redirect', [op, this.piece(depth)]);
  }
}
