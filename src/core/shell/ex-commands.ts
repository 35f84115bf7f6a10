// Vim's Ex commands given with -c, +cmd and --cmd: `!…`, range filters, `r !…`, `w !…`, `:grep`
// and `:make`, the commands that run others (`:g`, `:windo`, `:autocmd`, `:filter`), mappings,
// Vim expressions (vim-expressions.ts) and interpreter commands (ex-interfaces.ts).
import type { Embedded } from './embedded-commands.js';
import { interfaceCode } from './ex-interfaces.js';
import { abbreviates, Findings, fromWord } from './script-findings.js';
import type { Word } from './types.js';
import { NAMES_RUNNING_FUNCTION, vimExpression } from './vim-expressions.js';

/** rvim and rview are restricted (`-Z`): they run no shell and no interpreter, so they are not here. */
export const VIM_BINARIES = new Set(['vim', 'vi', 'nvim', 'view', 'ex', 'vimdiff', 'gvim', 'gview', 'gvimdiff', 'evim', 'eview']);

/** Long options whose value is the next word (none of them a command). */
const VIM_LONG_VALUE = new Set(['startuptime', 'log', 'gui-dialog-file', 'servername', 'socketid', 'windowid', 'listen', 'server']);

/** Ex command modifiers, each with its shortest abbreviation: the command after them runs as ever. */
const EX_MODIFIERS: readonly (readonly [string, number])[] = [
  ['silent', 3], ['unsilent', 3], ['verbose', 4], ['noautocmd', 3], ['noswapfile', 3], ['keepjumps', 5], ['keepmarks', 3],
  ['keepalt', 5], ['keeppatterns', 5], ['lockmarks', 3], ['vertical', 4], ['horizontal', 3], ['topleft', 2], ['botright', 2],
  ['aboveleft', 3], ['belowright', 3], ['leftabove', 5], ['rightbelow', 6], ['tab', 3], ['hide', 3], ['confirm', 4],
  ['browse', 3], ['sandbox', 3], ['debug', 3], ['legacy', 3], ['vim9cmd', 4],
];

/** Commands that run the Ex commands after them (once per window, buffer, match…), `|` included. */
const EX_REPEATERS: readonly (readonly [string, number])[] = [
  ['windo', 5], ['bufdo', 5], ['tabdo', 4], ['argdo', 5], ['cdo', 3], ['cfdo', 3], ['ldo', 2], ['lfdo', 4],
  ['folddoopen', 5], ['folddoclosed', 7],
];

/**
 * Commands that define keys or menu items running keys as typed (`:nnoremap Q :!…<CR>`, `:amenu`,
 * `:iabbrev`): what they run is known only when the keys are typed (`:normal Q`, `:emenu`).
 */
const KEY_DEFINERS: readonly (readonly [string, number])[] = [
  ['map', 3], ['nmap', 2], ['vmap', 2], ['xmap', 2], ['smap', 4], ['omap', 2], ['imap', 2], ['lmap', 2], ['cmap', 2], ['tmap', 3],
  ['noremap', 2], ['nnoremap', 2], ['vnoremap', 2], ['xnoremap', 2], ['snoremap', 4], ['onoremap', 3], ['inoremap', 3],
  ['lnoremap', 2], ['cnoremap', 3], ['tnoremap', 3], ['abbreviate', 2], ['iabbrev', 2], ['cabbrev', 2], ['noreabbrev', 5],
  ['inoreabbrev', 6], ['cnoreabbrev', 6], ['menu', 2], ['amenu', 2], ['nmenu', 3], ['vmenu', 3], ['xmenu', 3], ['smenu', 3],
  ['omenu', 3], ['imenu', 3], ['cmenu', 3], ['tlmenu', 3], ['noremenu', 6], ['anoremenu', 2], ['nnoremenu', 7],
  ['vnoremenu', 7], ['xnoremenu', 7], ['snoremenu', 7], ['onoremenu', 7], ['inoremenu', 7], ['cnoremenu', 7], ['tlnoremenu', 3],
];
const MAP_ARGUMENTS = /^\s*(?:<(?:buffer|nowait|silent|special|script|expr|unique)>\s*)*/i;
/** `:grep` and `:make` run 'grepprg' or 'makeprg' with their arguments in a shell. */
const SHELL_LINE_COMMANDS: readonly (readonly [string, number, string])[] = [
  ['grep', 2, 'grep -n'], ['grepadd', 5, 'grep -n'], ['lgrep', 3, 'grep -n'], ['lgrepadd', 6, 'grep -n'], ['make', 3, 'make'], ['lmake', 4, 'make'],
];
/**
 * Options naming the program Vim runs for `:!`, `:make`, `:grep`, `=`, `gq` or `K`, or text Vim
 * puts unescaped in the shell lines it runs (redirections, quotes, error file names).
 */
const PROGRAM_OPTIONS = /(?:^|[\s&:])(?:shell|sh|shellcmdflag|shcf|makeprg|mp|grepprg|gp|equalprg|ep|formatprg|fp|keywordprg|kp|shellpipe|sp|shellredir|srr|shellquote|shq|shellxquote|sxq|shellxescape|sxe|makeef|mef|errorfile|ef|cscopeprg|csprg)\s*[-+^.]?=/;

/** Ex commands read inside Ex commands (`:g/x/…`, `:windo …`, `:autocmd … …`) at most this deep. */
const MAX_EX_NESTING = 4;
const EX_NAME = /[A-Za-z]+(?:3(?:do)?)?/y;
const NO_WORD = /(?!)/;
const AUTOCMD_FLAGS = /^(?:\+\+\w+|nested)$/;

const skipBlanks = (s: string, i: number): number => {
  while (i < s.length && /\s/.test(s.charAt(i))) i++;
  return i;
};

/** After `/pattern/` or `?pattern?` whose text starts at `i`. */
function patternEnd(s: string, i: number, delimiter: string): number {
  while (i < s.length && s.charAt(i) !== delimiter) i += s.charAt(i) === '\\' ? 2 : 1;
  return Math.min(i + 1, s.length);
}

/** After a line range (`%`, `1,5`, `'<,'>`, `/pat/+1`, `.`, `$`, `*`) and blanks and colons. */
function skipRange(s: string, i: number): number {
  for (;;) {
    const c = s.charAt(i);
    if (c !== '' && /[\s:\d.$%,;+*-]/.test(c)) i++;
    else if (c === "'") i += 2;
    else if (c === '/' || c === '?') i = patternEnd(s, i + 1, c);
    else if (c === '\\' && /[/?&]/.test(s.charAt(i + 1))) i += 2;
    else return Math.min(i, s.length);
  }
}

/**
 * After the next `|` or newline not escaped with a backslash: where the next Ex command starts.
 * Commands that take file names (`ctrlV`) also keep a character after CTRL-V.
 */
function barAfter(s: string, i: number, ctrlV = false): number {
  for (; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\' || (ctrlV && c === '\x16')) i++;
    else if (c === '|' || c === '\n') return i + 1;
  }
  return s.length;
}

/** After `count` blank-separated words from `i`, and any words after them that match `skip`. */
function afterWords(s: string, i: number, count: number, skip: RegExp): number {
  const word = /\s*(\S+)/y;
  for (let n = 0; ; n++) {
    word.lastIndex = i;
    const m = word.exec(s);
    if (!m || (n >= count && !skip.test(m[1]!))) return i;
    i = word.lastIndex;
  }
}

/**
 * `:!CMD` and its kin, starting at `from`: the shell command runs to the end of the line, `|`
 * included, or to a newline not after a backslash, after which Ex commands go on. Vim puts file
 * names for an unescaped `%` and `#`, and the previous command for `!`: known only when it runs.
 * Returns where the next command starts.
 */
function vimShell(s: string, from: number, found: Findings, piped = false): number {
  let end = from;
  while (end < s.length && !(s.charAt(end) === '\n' && s.charAt(end - 1) !== '\\')) end++;
  const text = s.slice(from, end).replace(/\\\n/g, '\n');
  const command = text.replace(/\\([%#!])/g, '$1');
  if (/(?:^|[^\\])[%#!]/.test(text)) found.unresolved('runs a shell command with % or # (file names) or ! (the previous command) in it, known only when Vim runs');
  else if (piped) found.piped(command, 'lines of the file');
  else found.shell(command);
  return end + 1;
}

/** After `:filter[!] {pattern}` from `i` (after the name): a `/pat/` in any delimiter, or a word. */
function afterFilterPattern(s: string, i: number): number {
  i = skipBlanks(s, i + (s.charAt(i) === '!' ? 1 : 0));
  const c = s.charAt(i);
  if (/\w/.test(c)) { while (i < s.length && !/\s/.test(s.charAt(i))) i++; return i; }
  return c === '' ? i : patternEnd(s, i + 1, c);
}

/** Backquotes in file names: Vim runs the command inside (`:e `cmd``), or evaluates an expression (`` `=expr` ``). */
function backquotes(text: string, found: Findings): void {
  for (let at = text.indexOf('`'); at !== -1 && !found.full;) {
    const end = text.indexOf('`', at + 1);
    if (end === -1) return;
    const inside = text.slice(at + 1, end);
    if (inside.startsWith('=')) found.unresolved('expands a Vim expression in a file name (`=…`)');
    else found.shell(inside);
    at = text.indexOf('`', end + 1);
  }
}

/** Reads one Ex command starting at `from` in `s`; returns where the next one starts. */
function exCommand(s: string, from: number, found: Findings, depth: number): number {
  let i = from;
  let name = '';
  /** A range before `!` makes it a filter: the lines are piped to the command. */
  let ranged = false;
  for (;;) {
    const start = i;
    i = skipRange(s, i);
    ranged ||= /[^\s:]/.test(s.slice(start, i));
    EX_NAME.lastIndex = i;
    name = EX_NAME.exec(s)?.[0] ?? '';
    if (abbreviates(name, 'filter', 4)) { i = afterFilterPattern(s, EX_NAME.lastIndex); continue; }
    if (name === '' || !EX_MODIFIERS.some(([full, min]) => abbreviates(name, full, min))) break;
    i = EX_NAME.lastIndex + (s.charAt(EX_NAME.lastIndex) === '!' ? 1 : 0);
  }
  if (s.charAt(i) === '!') return vimShell(s, i + 1, found, ranged);
  if (s.charAt(i) === '@') { found.unresolved('runs the contents of a register as commands'); return barAfter(s, i); }
  if (name === '') return barAfter(s, i);
  let j = i + name.length;
  const bang = s.charAt(j) === '!';
  if (bang) j++;
  const inner = (at: number): number => { exLine(s.slice(at), found, depth + 1); return s.length; };
  const k = skipBlanks(s, j);
  if (abbreviates(name, 'read', 1) && bang) return vimShell(s, j, found);
  if ((abbreviates(name, 'read', 1) || abbreviates(name, 'write', 1)) && s.charAt(k) === '!') return vimShell(s, k + 1, found, name.startsWith('w'));
  if (abbreviates(name, 'global', 1) || abbreviates(name, 'vglobal', 1)) {
    const delimiter = s.charAt(k);
    return delimiter === '' || /[\w\s"|\\]/.test(delimiter) ? barAfter(s, k) : inner(patternEnd(s, k + 1, delimiter));
  }
  if (EX_REPEATERS.some(([full, min]) => abbreviates(name, full, min))) return inner(j);
  if (abbreviates(name, 'autocmd', 2)) {
    // `au [group] {event} {pattern} [++once] {command}`: the group is optional, so both readings are taken
    for (const count of [2, 3]) exLine(s.slice(afterWords(s, j, count, AUTOCMD_FLAGS)), found, depth + 1);
    return s.length;
  }
  // `command[!] [-nargs=…] {name} {command}`
  if (abbreviates(name, 'command', 3)) return inner(afterWords(s, afterWords(s, j, 0, /^-/), 1, NO_WORD));
  if (abbreviates(name, 'normal', 4)) {
    // keys run as typed: only a newline (Enter) or a register (`@a`) runs a command line from them
    if (/[\r\n@]/.test(s.slice(j))) found.unresolved('types keys with :normal that may run commands');
    return s.length;
  }
  if (abbreviates(name, 'terminal', 2)) { found.unresolved('runs a command in a terminal window (:terminal)'); return s.length; }
  if (interfaceCode(name, s.slice(j), found)) return s.length;
  const end = barAfter(s, j);
  const args = s.slice(j, end);
  if (abbreviates(name, 'substitute', 1) || abbreviates(name, 'smagic', 2) || abbreviates(name, 'snomagic', 3)) {
    // the pattern and replacement are text, but for an expression after `\=`
    const at = args.indexOf('\\=');
    if (at !== -1) vimExpression(args.slice(at + 2), found);
    return end;
  }
  const line = SHELL_LINE_COMMANDS.find(([full, min]) => abbreviates(name, full, min));
  if (line) {
    // 'grepprg' and 'makeprg' get the arguments as written (`\|` as `|`), with file names for `%` and `#` unescaped
    const lineEnd = barAfter(s, j, true);
    const text = s.slice(j, lineEnd).replace(/(?<!\\)[|\n]$/, '').replace(/\\\|/g, '|').trim();
    if (/(?:^|[^\\])[%#]/.test(text)) found.unresolved(`runs ${line[2]} in a shell with % or # (file names) in its arguments, known only when Vim runs`);
    else found.script(`${line[2]} ${text}${line[2] === 'make' ? '' : ' /dev/null'}`.trim());
    backquotes(text, found);
    return lineEnd;
  }
  if (KEY_DEFINERS.some(([full, min]) => abbreviates(name, full, min)) && args.replace(MAP_ARGUMENTS, '').trim().split(/\s+/).length > 1) {
    found.unresolved('defines keys, a menu item or an abbreviation that may run commands when typed or chosen');
    return end;
  }
  if (abbreviates(name, 'execute', 3)) found.unresolved('builds a command at run time with :execute');
  else if (abbreviates(name, 'shell', 2)) found.unresolved('starts an interactive shell');
  else if (abbreviates(name, 'source', 2) && (ranged || args.trim() === '' || /(?:^|[^\\])[%#]/.test(args))) {
    found.unresolved('runs lines of a buffer the commands may have changed as Ex commands (:source)');
  }
  vimExpression(args, found);
  if (abbreviates(name, 'set', 2) || abbreviates(name, 'setlocal', 4) || abbreviates(name, 'setglobal', 4) || name === 'let') {
    if (PROGRAM_OPTIONS.test(args)) found.unresolved('sets the program Vim runs for some commands');
    // `set tagfunc=system`: an option naming the function Vim calls
    else if (NAMES_RUNNING_FUNCTION.test(args)) found.unresolved('sets an option to a Vim function that starts programs');
  }
  backquotes(args, found);
  return end;
}

/** Reads a line of Ex commands separated by `|`. */
function exLine(s: string, found: Findings, depth: number): void {
  if (depth > MAX_EX_NESTING) {
    found.unresolved(`nests commands in commands more than ${MAX_EX_NESTING} deep; the inner ones are not read`);
    return;
  }
  for (let i = 0; i < s.length && !found.full;) i = exCommand(s, i, found, depth);
}

function exCommands(text: string, label: string): Embedded[] {
  const found = new Findings(label);
  exLine(text, found, 0);
  return found.out;
}

export function vim(binary: string, argv: readonly Word[]): Embedded[] {
  const out: Embedded[] = [];
  const commands: (readonly [string, Word])[] = [];
  let exMode = binary === 'ex';
  let restricted = false;
  let end = false;
  for (let i = 1; i < argv.length && !end; i++) {
    const w = argv[i]!;
    const t = w.text;
    if (t === '--') break;
    if (t.startsWith('+')) {
      // `+` alone and `+N` go to a line; `+CMD` runs CMD as -c does
      if (!/^\+\d*$/.test(t)) commands.push(['-c', { ...w, text: t.slice(1) }]);
      continue;
    }
    if (!t.startsWith('-') || t === '-') continue;
    if (t.startsWith('--')) {
      const name = t.slice(2).toLowerCase();
      if (name === 'cmd' && argv[i + 1]) commands.push(['--cmd', argv[++i]!]);
      else if (name === 'remote-send' || name === 'remote-expr') {
        out.push({ kind: 'unresolved', label: `${binary} ${t}`, reason: `${binary} ${t} has another Vim run keys or an expression, which may run any command` });
        i++;
      } else if (VIM_LONG_VALUE.has(name)) i++;
      continue;
    }
    for (let k = 1; k < t.length; k++) {
      const c = t.charAt(k);
      if (c === 'c') {
        const value = k + 1 < t.length ? { ...w, text: t.slice(k + 1) } : argv[++i];
        if (value) commands.push(['-c', value]);
        break;
      }
      // -S takes the next word unless it is an option; -w takes a number in the word, or the next word
      if ('SiTuUWtq'.includes(c) || (c === 's' && !exMode) || (c === 'w' && !/\d/.test(t.charAt(k + 1)))) {
        const next = argv[i + 1];
        if (k + 1 === t.length && !(c === 'S' && next?.text.startsWith('-'))) i++;
        break;
      }
      if (c === 'V' || (c === 'n' && t.charAt(k + 1) === 'b')) break;
      // nvim -l: a Lua script runs with the words after it as its arguments
      if (c === 'l' && binary === 'nvim') { end = true; break; }
      if (c === 'e' || c === 'E') exMode = true;
      if (c === 'v') exMode = false;
      if (c === 'Z') restricted = true;
    }
  }
  // -Z: restricted mode, where no shell command, interpreter or job may run
  if (restricted) return out;
  for (const [option, w] of commands) {
    const label = `${binary} ${option}`;
    out.push(...fromWord(w, label, (text) => exCommands(text, label)));
  }
  return out;
}

/**
 * What Vim does with known input: in Ex mode (`ex`, `vim -e`, `vim -es`) each line is an Ex command;
 * otherwise the input is typed keys, and keys that enter a command line (`:`) may run anything.
 * `vim -` reads a file to edit from its input instead, and restricted mode (-Z) runs no command.
 */
export function vimInput(binary: string, argv: readonly Word[], texts: readonly string[]): Embedded[] {
  let exMode = binary === 'ex';
  for (const w of argv.slice(1)) {
    if (w.text === '--') break;
    if (w.text === '-') return [];
    if (/^-[A-Za-z]+$/.test(w.text)) {
      if (w.text.includes('Z')) return [];
      if (/[eE]/.test(w.text)) exMode = true;
    }
  }
  const label = `${binary} input`;
  if (exMode) return texts.flatMap((t) => exCommands(t, label));
  return texts.some((t) => t.includes(':')) ? [{ kind: 'unresolved', label, reason: `${binary} reads typed keys from its input, and \`:\` in them enters commands` }] : [];
}
