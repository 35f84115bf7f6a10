// gdb commands given with -ex / -iex: `shell …`, `!…`, `pipe … | …`, and `python …` code.
import type { Embedded } from './embedded-commands.js';
import { callsIn, PYTHON, type Calls } from './inline-code.js';
import { abbreviates, Findings, fromWord } from './script-findings.js';
import type { Word } from './types.js';

/** Calls in C expressions gdb evaluates in the debugged program (`call system("…")`, `print popen(…)`). */
const C_CALLS: Calls = { calls: /\b(?:system|popen|exec[lv]p?e?)\s*\(/g };

/** `pipe [-d DELIM] COMMAND | SHELL_COMMAND` after the `pipe` or `|` that names it. */
function gdbPipe(rest: string, found: Findings): void {
  const delimiter = /^\s*-d\s+(\S+)\s/.exec(rest);
  const bar = delimiter ? delimiter[1]! : '|';
  const at = rest.indexOf(bar, delimiter ? delimiter[0].length : 0);
  if (at !== -1) found.piped(rest.slice(at + bar.length), 'the output of a gdb command');
}

/** The programs one gdb command starts. */
function gdbCommand(text: string, label: string): Embedded[] {
  const found = new Findings(label);
  const t = text.trimStart();
  const m = /^(?:[!|]|[\w-]+)\s*/.exec(t);
  const name = m?.[0].trim() ?? '';
  const rest = t.slice(m?.[0].length ?? 0);
  if (name === '!' || abbreviates(name, 'shell', 3)) found.shell(rest);
  else if (name === '|' || abbreviates(name, 'pipe', 3)) gdbPipe(rest, found);
  else if (['py', 'pi', 'python'].includes(name) || abbreviates(name, 'python-interactive', 7)) for (const e of callsIn(rest, PYTHON, label)) found.add(e);
  else if (name === 'eval') found.unresolved('builds a gdb command at run time (eval)');
  else for (const e of callsIn(rest, C_CALLS, label)) found.add(e);
  return found.out;
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
    if (value) out.push(...fromWord(value, label, (text) => gdbCommand(text, label)));
  }
  return out;
}
