// gdb commands given with -ex / -iex: `shell …`, `!…`, `pipe … | …`, `make …`, the debugged
// program's arguments (a shell reads them), `python …` code, and the commands that run other
// commands (`with … -- CMD`, `thread apply all CMD`, `interpreter-exec console "CMD"`, `gdb.execute("CMD")`).
import type { Embedded } from './embedded-commands.js';
import { callsIn, PYTHON, type Calls } from './inline-code.js';
import { abbreviates, Findings, fromWord } from './script-findings.js';
import type { Word } from './types.js';

/** Calls in C expressions gdb evaluates in the debugged program (`call system("…")`, `print popen(…)`), and gdb's own `$_shell("…")`. */
const C_CALLS: Calls = { calls: /(?:\b(?:system|popen|exec[lv]p?e?)|\$_shell)\s*\(/g };
/** `gdb.execute("CMD")` in Python code: CMD is a gdb command. */
const GDB_EXECUTE: Calls = { calls: /\bgdb\s*\.\s*execute\s*\(/g };
/** Commands read inside commands (`thread apply all with … -- python gdb.execute("…")`) at most this deep. */
const MAX_GDB_NESTING = 4;
/** What may come between `thread apply` / `frame apply` and the command: ids, ranges, counts, levels and flags. */
const APPLY_WORD = /^(?:all|level|-?\d[\d.-]*|\$\w+|\*|-(?:q|c|s|ascending|past-main|past-entry)|on|off)$/;
/** Shell syntax in the debugged program's arguments, which gdb gives to a shell (`run $(cmd)`, `run < in.txt`). */
const SHELL_TEXT = /[;&|`$()<>\n]/;

/** `pipe [-d DELIM] COMMAND | SHELL_COMMAND` after the `pipe` or `|` that names it. */
function gdbPipe(rest: string, found: Findings): void {
  const delimiter = /^\s*-d\s+(\S+)\s/.exec(rest);
  const bar = delimiter ? delimiter[1]! : '|';
  const at = rest.indexOf(bar, delimiter ? delimiter[0].length : 0);
  if (at !== -1) found.piped(rest.slice(at + bar.length), 'the output of a gdb command');
}

/** `s` after its first words that match `skip`, and a `--` that ends them. */
function afterWords(s: string, skip: RegExp): string {
  const word = /\s*(\S+)/y;
  let i = 0;
  for (let m = word.exec(s); m !== null; m = word.exec(s)) {
    if (m[1] === '--') return s.slice(word.lastIndex);
    if (!skip.test(m[1]!)) break;
    i = word.lastIndex;
  }
  return s.slice(i);
}

/** gdb's split of an argument line into words (libiberty's `buildargv`): blanks apart, quotes, and a backslash escaping any character. */
function gdbArgv(s: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (quote === '' && /\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === '\\') word = (word ?? '') + s.charAt(++i);
    else if (quote === '' && (c === '"' || c === "'")) { quote = c; word ??= ''; }
    else if (c === quote) quote = '';
    else word = (word ?? '') + c;
  }
  if (word !== null) out.push(word);
  return out;
}

/** Python code given to gdb: the programs it starts, and the gdb commands it runs with `gdb.execute("…")`. */
function gdbPython(code: string, found: Findings, depth: number): void {
  for (const e of callsIn(code, PYTHON, found.label)) found.add(e);
  for (const e of callsIn(code, GDB_EXECUTE, found.label)) {
    // each line of the text is a command
    if (e.kind === 'script') for (const line of e.text.split('\n')) gdbCommand(line, found, depth + 1);
    else found.add(e);
  }
  // `run = gdb.execute`, `from gdb import execute`, `gdb.execute_mi(…)`
  if (/\bexecute/.test(code.replace(/\bgdb\s*\.\s*execute\s*\(/g, ''))) found.unresolved('runs gdb commands built at run time from Python');
}

/** `thread apply …`, `frame apply …`: the command after the ids and flags. */
function applied(name: string, rest: string): string | null {
  const sub = /^\s*(\w+)/.exec(rest);
  if (name === 'taas' || name === 'tfaas' || name === 'faas') return rest;
  if (!sub || !(abbreviates(name, 'thread', 1) || abbreviates(name, 'frame', 1)) || !abbreviates(sub[1]!, 'apply', 1)) return null;
  return afterWords(rest.slice(sub[0].length), APPLY_WORD);
}

/** Reads one gdb command into `found`. */
function gdbCommand(text: string, found: Findings, depth: number): void {
  if (depth > MAX_GDB_NESTING) {
    found.unresolved(`nests commands in commands more than ${MAX_GDB_NESTING} deep; the inner ones are not read`);
    return;
  }
  const t = text.trimStart();
  const m = /^(?:[!|]|[\w-]+)\s*/.exec(t);
  const name = m?.[0].trim() ?? '';
  const rest = t.slice(m?.[0].length ?? 0);
  const inner = applied(name, rest);
  if (name === '!' || abbreviates(name, 'shell', 3)) found.shell(rest);
  else if (name === '|' || abbreviates(name, 'pipe', 3)) gdbPipe(rest, found);
  else if (abbreviates(name, 'make', 3)) found.shell(`make ${rest}`);
  else if (['py', 'pi', 'python'].includes(name) || abbreviates(name, 'python-interactive', 7)) gdbPython(rest, found, depth);
  else if (name === 'eval') found.unresolved('builds a gdb command at run time (eval)');
  else if (abbreviates(name, 'alias', 3)) found.unresolved('defines an alias, which may rename any command (alias)');
  else if (name.startsWith('gu') || name === 'gr') found.unresolved('runs Guile code');
  else if (inner !== null) gdbCommand(inner, found, depth + 1);
  else if (name === 'w' || abbreviates(name, 'with', 3)) {
    // `with SETTING [VALUE] [-- COMMAND]`
    const dashes = /(?:^|\s)--(?:\s|$)/.exec(rest);
    if (dashes) gdbCommand(rest.slice(dashes.index + dashes[0].length), found, depth + 1);
  } else if (name.length >= 6 && 'interpreter-exec'.startsWith(name)) {
    const [interpreter, ...commands] = gdbArgv(rest);
    if (interpreter !== 'console') found.unresolved(`runs commands in the ${interpreter ?? ''} interpreter (interpreter-exec)`);
    else for (const c of commands) gdbCommand(c, found, depth + 1);
  } else if (abbreviates(name, 'run', 1) || name === 'start' || name === 'starti' || (name === 'set' && /^args?\b/.test(rest))) {
    // with startup-with-shell (the default) a shell reads the program's arguments: `run $(cmd)` runs cmd
    const args = name === 'set' ? rest.replace(/^args?\s*/, '') : rest;
    if (SHELL_TEXT.test(args)) found.script(`true ${args}`);
  } else if (name === 'set' && /^exec-wrapper\b/.test(rest)) found.unresolved('starts the debugged program through a wrapper command (exec-wrapper)');
  else for (const e of callsIn(rest, C_CALLS, found.label)) found.add(e);
}

/** gdb's options that take commands, by their long names; getopt_long_only takes an abbreviation (`-ev`). */
function gdbCommandOption(name: string): string | null {
  if (name === 'ex' || (name.startsWith('ev') && 'eval-command'.startsWith(name))) return '-ex';
  if (name === 'iex' || (name.startsWith('init-e') && 'init-eval-command'.startsWith(name))) return '-iex';
  return null;
}

export function gdb(binary: string, argv: readonly Word[]): Embedded[] {
  const out: Embedded[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    // after `--args` come the debugged program and its arguments
    if (w.text === '--' || w.text === '--args' || w.text === '-args') break;
    const m = /^--?([^=]+)(=?)/.exec(w.text);
    const option = m ? gdbCommandOption(m[1]!) : null;
    if (option === null) continue;
    const value = m![2] ? { ...w, text: w.text.slice(m![0].length) } : argv[++i];
    const label = `${binary} ${option}`;
    const read = (text: string): Embedded[] => {
      const found = new Findings(label);
      gdbCommand(text, found, 0);
      return found.out;
    };
    if (value) out.push(...fromWord(value, label, read));
  }
  return out;
}

/** gdb reads commands from its input unless in batch mode: each line of known input, as a command. */
export function gdbInput(binary: string, argv: readonly Word[], texts: readonly string[]): Embedded[] {
  const end = argv.findIndex((w) => w.text === '--args' || w.text === '-args');
  const options = argv.slice(1, end === -1 ? undefined : end);
  if (options.some((w) => /^--?batch$/.test(w.text))) return [];
  const found = new Findings(`${binary} input`);
  for (const text of texts) for (const line of text.split('\n').slice(0, 10_000)) if (!found.full) gdbCommand(line, found, 0);
  return found.out;
}
