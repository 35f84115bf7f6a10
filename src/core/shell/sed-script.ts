// A sed script on the command line: GNU sed's `e command` runs a shell command, `e` alone runs
// the pattern space, and the `e` flag of `s///e` runs what the substitution made. The script is
// read command by command (addresses, regexes with any delimiter, text arguments to the end of
// the line), so an `e` inside a regex or a replacement is not taken for one.
import type { Embedded } from './embedded-commands.js';
import type { Word } from './types.js';

const LABEL = 'sed script';
/** Longest script read, and most commands in it: hostile scripts can be huge. */
const MAX_SCRIPT = 65_536;
const MAX_COMMANDS = 10_000;

/** Where a `delim`-delimited part that starts at `i` ends (the index of the closing delimiter), or -1. */
function partEnd(s: string, i: number, delim: string): number {
  for (let k = i; k < s.length; k++) {
    const c = s[k];
    if (c === '\\') k++;
    else if (c === delim) return k;
  }
  return -1;
}

/** Index just past an address (`12`, `$`, `/re/I`, `\%re%`, `0~3`, `addr,+2`), or `i` when there is none. */
function skipAddress(s: string, i: number): number {
  const one = (k: number): number => {
    if (s[k] === '/' || s[k] === '\\') {
      const delim = s[k] === '\\' ? s[k + 1] ?? '' : '/';
      const end = partEnd(s, s[k] === '\\' ? k + 2 : k + 1, delim);
      if (end === -1) return s.length;
      k = end + 1;
      while (s[k] === 'I' || s[k] === 'M') k++;
      return k;
    }
    if (s[k] === '$') return k + 1;
    const m = /^[+~]?\d+(?:~\d+)?/.exec(s.slice(k, k + 40));
    return m ? k + m[0].length : k;
  };
  let k = one(i);
  if (k !== i && s[k] === ',') k = one(k + 1);
  return k;
}

const toLineEnd = (s: string, i: number): number => {
  const nl = s.indexOf('\n', i);
  return nl === -1 ? s.length : nl;
};

/** The commands a sed script runs, or why they cannot be known. */
export function sedScriptCommands(script: string): Embedded[] {
  const s = script.length > MAX_SCRIPT ? script.slice(0, MAX_SCRIPT) : script;
  const out: Embedded[] = [];
  let i = 0;
  for (let n = 0; i < s.length && n < MAX_COMMANDS; n++) {
    while (i < s.length && /[\s;{}]/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (s[i] === '#') { i = toLineEnd(s, i); continue; }
    i = skipAddress(s, i);
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '!') i++;
    const c = s[i];
    if (c === 'e') {
      const end = toLineEnd(s, i + 1);
      const command = s.slice(i + 1, end).trim();
      out.push(command === ''
        ? { kind: 'unresolved', label: LABEL, reason: 'sed `e` runs the text it is reading as a command' }
        : { kind: 'script', label: LABEL, text: command });
      i = end;
    } else if (c === 's' || c === 'y') {
      const delim = s[i + 1] ?? '';
      const first = partEnd(s, i + 2, delim);
      const second = first === -1 ? -1 : partEnd(s, first + 1, delim);
      if (second === -1) break; // sed refuses the script
      i = second + 1;
      if (c === 's') {
        const flags = /^[gpiImMe\d]*/.exec(s.slice(i, i + 40))![0];
        if (flags.includes('e')) out.push({ kind: 'unresolved', label: LABEL, reason: 'sed s///e runs what the substitution made as a command' });
        i += flags.length;
        if (s[i] === 'w') i = toLineEnd(s, i);
      }
    } else if (c !== undefined && 'aicrRwW'.includes(c)) i = toLineEnd(s, i + 1); // text or a file name to the end of the line
    else if (c !== undefined && 'btT:'.includes(c)) {
      const m = /^[^;\n]*/.exec(s.slice(i + 1))!;
      i += 1 + m[0].length;
    } else i++;
  }
  return out;
}

/** GNU sed's options that take a value as the next word (or attached). */
const VALUE_SHORT = 'efl';
const VALUE_LONG = new Set(['--expression', '--file', '--line-length']);

/** The commands the sed scripts on the line run (`-e`/`--expression` values, or the first operand). */
export function sedCommands(argv: readonly Word[]): Embedded[] {
  const scripts: Word[] = [];
  let fromFile = false;
  let sandbox = false;
  const operands: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const t = w.kind === 'literal' ? w.text : '';
    if (t === '--') { operands.push(...argv.slice(i + 1).slice(0, 1)); break; }
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = eq === -1 ? t : t.slice(0, eq);
      const value: Word | undefined = eq !== -1 ? { kind: 'literal', text: t.slice(eq + 1) } : VALUE_LONG.has(name) ? argv[++i] : undefined;
      if (name === '--expression' && value) scripts.push(value);
      if (name === '--file') fromFile = true;
      if (name === '--sandbox') sandbox = true;
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      for (let k = 1; k < t.length; k++) {
        const o = t[k]!;
        if (o === 'i') break; // -i[SUFFIX]: the rest of the word is the suffix
        if (!VALUE_SHORT.includes(o)) continue;
        const value: Word | undefined = k + 1 < t.length ? { kind: 'literal', text: t.slice(k + 1) } : argv[++i];
        if (o === 'e' && value) scripts.push(value);
        if (o === 'f') fromFile = true;
        break;
      }
      continue;
    }
    operands.push(w);
  }
  if (sandbox) return [];
  if (scripts.length === 0 && !fromFile && operands[0]) scripts.push(operands[0]);
  // A script known only at run time is read as written: what it visibly runs is found.
  return scripts.flatMap((w) => sedScriptCommands(w.text));
}
