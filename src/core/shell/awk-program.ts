// An awk program on the command line (`awk 'BEGIN{system("…")}'`): the commands it starts with
// `system()`, `"cmd" | getline` and `print | "cmd"`, read from its tokens (strings, regexes, comments apart).
import type { Embedded } from './embedded-commands.js';
import { MAX_LITERAL } from './inline-code.js';
import { Findings, fromWord } from './script-findings.js';
import type { Word } from './types.js';

export const AWK_BINARIES = new Set(['awk', 'gawk', 'mawk', 'nawk', 'original-awk', 'goawk']);

/** gawk's long options, to read an abbreviation (`--so` for `--source`) as getopt_long does. */
const AWK_LONG = [
  'assign', 'bignum', 'characters-as-bytes', 'copyright', 'csv', 'debug', 'dump-variables', 'exec', 'field-separator',
  'file', 'gen-pot', 'help', 'include', 'lint', 'lint-old', 'load', 'no-optimize', 'non-decimal-data', 'optimize',
  'persist', 'posix', 'pretty-print', 'profile', 're-interval', 'sandbox', 'source', 'trace', 'traditional', 'usage',
  'use-lc-numeric', 'version',
];
const AWK_LONG_VALUE = new Set(['assign', 'exec', 'field-separator', 'file', 'include', 'load', 'source']);
/** Short options taking a value (the rest of the word or the next word); those taking one only in the rest of the word. */
const AWK_SHORT_VALUE = 'FfveEilW';
const AWK_SHORT_ATTACHED = 'dDLop';

interface AwkArgs {
  /** Program text given with `-e`/`--source`. */
  readonly sources: readonly Word[];
  /** A program file was given (`-f`, `--file`, `-E`, `--exec`): the text in it is not on the line. */
  readonly file: boolean;
  /** `--sandbox` (`-W sandbox`): no system(), no pipes in gawk; mawk and BWK awk ignore an unknown -W option. */
  readonly sandbox: boolean;
  /** The first word after the options: the program when neither `-e` nor `-f` gave one. */
  readonly program: Word | undefined;
}

function awkArgs(argv: readonly Word[]): AwkArgs {
  const sources: Word[] = [];
  let file = false;
  let sandbox = false;
  let i = 1;
  /** A long option given as `--name[=value]` or `-W name[=value]`. */
  const long = (text: string, w: Word): void => {
    const eq = text.indexOf('=');
    const given = eq === -1 ? text : text.slice(0, eq);
    const named = AWK_LONG.includes(given) ? [given] : AWK_LONG.filter((n) => n.startsWith(given));
    const name = named.length === 1 ? named[0]! : '';
    if (name === 'sandbox') sandbox = true;
    if (!AWK_LONG_VALUE.has(name)) return;
    const value = eq !== -1 ? { ...w, text: text.slice(eq + 1) } : argv[++i];
    if (name === 'file' || name === 'exec') file = true;
    if (name === 'source' && value) sources.push(value);
  };
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    const t = w.text;
    if (t === '--') { i++; break; }
    if (!t.startsWith('-') || t === '-') break;
    if (t.startsWith('--')) { long(t.slice(2), w); continue; }
    for (let k = 1; k < t.length; k++) {
      const c = t.charAt(k);
      if (AWK_SHORT_ATTACHED.includes(c)) break;
      if (!AWK_SHORT_VALUE.includes(c)) continue;
      const value = k + 1 < t.length ? { ...w, text: t.slice(k + 1) } : argv[++i];
      if (c === 'W' && value) long(value.text, value);
      if (c === 'f' || c === 'E') file = true;
      if (c === 'e' && value) sources.push(value);
      break;
    }
  }
  return { sources, file, sandbox, program: argv[i] };
}

type AwkToken =
  /** A string literal as written between its quotes; null when unterminated or longer than MAX_LITERAL. */
  | { readonly kind: 'string'; readonly raw: string | null }
  | { readonly kind: 'name'; readonly text: string }
  /** A number or a regular expression literal. */
  | { readonly kind: 'value' }
  /** Operators and punctuation, newlines among them; `control` marks the `)` that ends an if, while or for condition. */
  | { readonly kind: 'op'; readonly text: string; readonly control?: boolean };

const AWK_OPERATORS = ['**=', '||', '|&', '&&', '==', '!=', '<=', '>=', '>>', '++', '--', '+=', '-=', '*=', '/=', '%=', '^=', '**', '!~'];
const AWK_NAME = /[A-Za-z_]\w*/y;
const AWK_NUMBER = /\.?\d[\w.]*/y;

/** Keywords after which a `/` starts a regular expression (`exit /#/` is `exit` with a regex). */
const REGEX_KEYWORDS = new Set(['print', 'printf', 'return', 'case', 'do', 'else', 'exit']);
/** Keywords whose parenthesised condition is followed by a statement, which may start with a regex (`if (x) /re/`). */
const CONTROL_KEYWORDS = new Set(['if', 'while', 'for']);

/**
 * How a `/` after `prev` reads: a regex where no operand is before it, else a division. After `++`
 * and `--` awks differ (mawk reads `x++ /re/` with a regex, gawk with a division), and after a `)`
 * not known to close anything, the program is read both ways.
 */
function slashAfter(prev: AwkToken | undefined): 'regex' | 'division' | 'either' {
  if (prev === undefined) return 'regex';
  if (prev.kind === 'op') {
    if (prev.text === ')') return prev.control === undefined ? 'either' : prev.control ? 'regex' : 'division';
    if (prev.text === '++' || prev.text === '--') return 'either';
    return prev.text === ']' ? 'division' : 'regex';
  }
  return prev.kind === 'name' && REGEX_KEYWORDS.has(prev.text) ? 'regex' : 'division';
}

/** Where a string literal whose text starts at `i` ends (after its quote), and its text. */
function awkString(s: string, i: number): { readonly end: number; readonly raw: string | null } {
  let j = i;
  while (j < s.length && s.charAt(j) !== '"' && s.charAt(j) !== '\n') j += s.charAt(j) === '\\' ? 2 : 1;
  if (j >= s.length || s.charAt(j) === '\n') return { end: Math.min(j, s.length), raw: null };
  return { end: j + 1, raw: j - i > MAX_LITERAL ? null : s.slice(i, j) };
}

/** Where a regular expression literal whose text starts at `i` ends: a `/` in a bracket expression does not end it. */
function regexEnd(s: string, i: number): number {
  let bracket = -1; // where the bracket expression's members start; a `]` there is one of them
  for (; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') i++;
    else if (c === '\n') return i;
    else if (bracket !== -1) { if (c === ']' && i > bracket) bracket = -1; }
    else if (c === '[') bracket = s.charAt(i + 1) === '^' ? i + 2 : i + 1;
    else if (c === '/') return i + 1;
  }
  return i;
}

interface AwkTokens {
  readonly tokens: readonly AwkToken[];
  /** A `/` was met that awks may read either way: the other reading must be taken too. */
  readonly ambiguous: boolean;
}

/**
 * An awk program as tokens, without comments, blanks and escaped newlines, reading a `/` that may
 * start a regex or a division as `either` says. Linear in its length.
 */
function awkTokens(s: string, either: 'regex' | 'division'): AwkTokens {
  const out: AwkToken[] = [];
  /** For each open `(`, whether it opens an if, while or for condition. */
  const parens: boolean[] = [];
  let ambiguous = false;
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '\\' && /^\r?\n/.test(s.slice(i + 1, i + 3))) i += s.charAt(i + 1) === '\n' ? 2 : 3;
    else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') i++;
    else if (c === '#') { const nl = s.indexOf('\n', i); i = nl === -1 ? s.length : nl; }
    else if (c === '"') { const str = awkString(s, i + 1); out.push({ kind: 'string', raw: str.raw }); i = str.end; }
    else if (c === '/' && slashIsRegex()) { out.push({ kind: 'value' }); i = regexEnd(s, i + 1); }
    else if (c === '(') { const prev = out.at(-1); parens.push(prev?.kind === 'name' && CONTROL_KEYWORDS.has(prev.text)); out.push({ kind: 'op', text: c }); i++; }
    else if (c === ')') { const control = parens.pop(); out.push(control === undefined ? { kind: 'op', text: c } : { kind: 'op', text: c, control }); i++; }
    else {
      AWK_NAME.lastIndex = i;
      AWK_NUMBER.lastIndex = i;
      const name = AWK_NAME.exec(s)?.[0];
      const number = name === undefined ? AWK_NUMBER.exec(s)?.[0] : undefined;
      const op = AWK_OPERATORS.find((o) => s.startsWith(o, i)) ?? c;
      out.push(name !== undefined ? { kind: 'name', text: name } : number !== undefined ? { kind: 'value' } : { kind: 'op', text: op });
      i += (name ?? number ?? op).length;
    }
  }
  return { tokens: out, ambiguous };

  function slashIsRegex(): boolean {
    const reading = slashAfter(out.at(-1));
    if (reading !== 'either') return reading === 'regex';
    ambiguous = true;
    return either === 'regex';
  }
}

const AWK_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'], ['\\', '\\'], ['n', '\n'], ['t', '\t'], ['r', '\r'], ['a', '\x07'], ['b', '\b'], ['f', '\f'], ['v', '\v'],
]);

/**
 * The text of an awk string literal. awks differ on a backslash before another character (`\$`):
 * gawk drops it, mawk and BWK awk keep it; when that matters, both readings are given.
 */
function awkStringTexts(raw: string): string[] {
  let dropped = '';
  let kept = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c !== '\\') { dropped += c; kept += c; continue; }
    const n = raw.charAt(++i);
    const digits = /^[0-7]{1,3}/.exec(raw.slice(i, i + 3))?.[0] ?? (n === 'x' ? /^[\da-fA-F]{1,2}/.exec(raw.slice(i + 1, i + 3))?.[0] : undefined);
    let value = AWK_ESCAPES.get(n);
    if (value === undefined && digits !== undefined) {
      value = String.fromCharCode(parseInt(digits, n === 'x' ? 16 : 8));
      i += digits.length - (n === 'x' ? 0 : 1);
    }
    if (n === '\n') continue;
    dropped += value ?? n;
    kept += value ?? `\\${n}`;
  }
  return dropped === kept ? [dropped] : [dropped, kept];
}

const isOp = (t: AwkToken | undefined, text: string): boolean => t?.kind === 'op' && t.text === text;

/** Tokens after which a string stands alone as an operand: `("cmd" | getline)`, `x = "cmd" | getline`. */
const EXPRESSION_STARTS = new Set(['(', '{', '}', ';', '\n', ',', '&&', '||', '?', ':', '=', '+=', '-=', '*=', '/=', '%=', '^=', '**=']);
const startsExpression = (t: AwkToken | undefined): boolean =>
  t === undefined || (t.kind === 'op' && EXPRESSION_STARTS.has(t.text)) || (t.kind === 'name' && ['return', 'do', 'else'].includes(t.text));
const endsStatement = (t: AwkToken | undefined): boolean => t === undefined || isOp(t, '\n') || isOp(t, ';') || isOp(t, '}');

/** A plain string token's texts, or null when the command is anything else. */
const plain = (t: AwkToken | undefined): string[] | null => (t?.kind === 'string' && t.raw !== null ? awkStringTexts(t.raw) : null);

/** The commands an awk program starts: system(), `cmd | getline`, `print | cmd` (and gawk's `|&`). */
function awkProgram(text: string, label: string): Embedded[] {
  const found = new Findings(label);
  const division = awkTokens(text, 'division');
  commandsIn(division.tokens, found);
  // what one reading takes for a comment, a string or a regex, the other may take for code
  if (division.ambiguous) commandsIn(awkTokens(text, 'regex').tokens, found);
  return found.out;
}

function commandsIn(tokens: readonly AwkToken[], found: Findings): void {
  /** Each text of a plain string command to `run`, or why the command cannot be known. */
  const command = (t: AwkToken | undefined, run: (text: string) => void, reason: string): void => {
    const texts = plain(t);
    if (texts === null) found.unresolved(reason);
    else for (const text of texts) run(text);
  };
  for (let k = 0; k < tokens.length && !found.full; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t?.kind === 'name' && t.text === 'system' && isOp(next, '(')) {
      command(isOp(tokens[k + 3], ')') ? tokens[k + 2] : undefined, (c) => found.script(c), 'calls system() with a command that is not a plain string');
    } else if ((isOp(t, '|') || isOp(t, '|&')) && next?.kind === 'name' && next.text === 'getline') {
      command(startsExpression(tokens[k - 2]) ? tokens[k - 1] : undefined, (c) => found.script(c), 'reads the output of a command that is not a plain string (… | getline)');
    } else if (isOp(t, '|') || isOp(t, '|&')) {
      command(endsStatement(tokens[k + 2]) ? next : undefined, (c) => found.piped(c, 'what it prints'), 'prints to a command that is not a plain string (print | …)');
    } else if (isOp(t, '@') && next?.kind === 'name' && isOp(tokens[k + 2], '(')) {
      found.unresolved('calls a function named at run time (@name()), which may be system()');
    }
  }
}

export function awk(binary: string, argv: readonly Word[]): Embedded[] {
  const args = awkArgs(argv);
  if (args.sandbox && binary === 'gawk') return [];
  const programs = args.sources.length > 0 || args.file ? args.sources : args.program ? [args.program] : [];
  const label = `${binary} program`;
  return programs.flatMap((w) => fromWord(w, label, (text) => awkProgram(text, label)));
}
