// Vim expressions (`:call`, `:echo`, `:let`, `:s/…/\=…/`, option values): the functions they call
// that start programs, or that run keys, commands, expressions or functions named at run time.
// `system("…")` with a plain string is judged as the shell command it is; the rest leave the line unresolved.
import type { Findings } from './script-findings.js';

/**
 * Vim functions that start programs, run keys, Ex commands or interpreter code, call what they are
 * given by name or as text, or write a file the commands may then `:source`.
 */
export const RUNNING_FUNCTIONS = [
  'system', 'systemlist', 'jobstart', 'termopen', 'job_start', 'term_start', 'term_sendkeys', 'libcall', 'libcallnr',
  'feedkeys', 'execute', 'win_execute', 'luaeval', 'pyeval', 'py3eval', 'pyxeval', 'perleval', 'rubyeval', 'call',
  'function', 'funcref', 'eval', 'assert_fails', 'assert_beeps', 'assert_nobeep', 'autocmd_add', 'timer_start', 'sort',
  'uniq', 'map', 'mapnew', 'filter', 'foreach', 'reduce', 'remote_send', 'remote_expr', 'writefile', 'chansend',
  'rpcrequest', 'rpcnotify', 'rpcstart', 'sockconnect',
] as const;
const NAMES = RUNNING_FUNCTIONS.join('|');
/** A call of one of them (`system(`, `'x'->system(`), of nvim's API, or of a function whose name is built (`{'sys'.'tem'}(`). */
const CALLS = new RegExp(`\\b(${NAMES}|nvim_\\w+)\\s*\\(|\\bv:lua\\.|\\}\\s*\\(`, 'g');
/** One of them named in a string, to be called by name (`sort(l, 'system')`, `timer_start(0, "system")`). */
const NAMED = new RegExp(`['"]\\s*(?:${NAMES})\\s*['"]`);
/** An option set to one of them (`set tagfunc=system`, `let &opfunc = 'system'`). */
export const NAMES_RUNNING_FUNCTION = new RegExp(`=\\s*['"]?(?:${NAMES})\\b(?!\\s*\\()`);

/** A Vim string literal at the start of `text` and where it ends, or null for anything but a plain one. */
function vimString(text: string): { readonly value: string; readonly end: number } | null {
  const single = /^\s*'((?:[^']|'')*)'/.exec(text);
  if (single) return { value: single[1]!.replace(/''/g, "'"), end: single[0].length };
  // a double-quoted string with only the escapes read here: `\<CR>`, `\x41`, `\u…` are not plain enough
  const double = /^\s*"((?:[^"\\]|\\[\\"ntr])*)"/.exec(text);
  if (!double) return null;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
  return { value: double[1]!.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c), end: double[0].length };
}

/** Reads the calls in a Vim expression (or any Ex command's arguments) into `found`. */
export function vimExpression(text: string, found: Findings): void {
  if (NAMED.test(text)) found.unresolved('names a Vim function that starts programs, to be called by name');
  CALLS.lastIndex = 0;
  for (let m = CALLS.exec(text); m !== null && !found.full; m = CALLS.exec(text)) {
    const name = m[1];
    const literal = name === 'system' || name === 'systemlist' ? vimString(text.slice(CALLS.lastIndex)) : null;
    const after = literal ? text.slice(CALLS.lastIndex + literal.end).trimStart().charAt(0) : '';
    if (literal && after === ')') found.shell(literal.value);
    // the second argument is the command's input: a shell reading it runs what it holds
    else if (literal && after === ',') found.piped(literal.value, 'its input');
    else found.unresolved('calls a Vim function that starts programs, or runs keys, commands or functions given at run time');
  }
}
