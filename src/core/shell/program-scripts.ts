// Programs whose own command language, given on their command line, can start other programs: an
// awk program (`system("…")`, `"cmd" | getline`, `print | "cmd"`), gdb commands (`-ex 'shell …'`,
// `-ex '!…'`, `-ex 'pipe … | …'`, `-ex 'python …'`) and Vim's Ex commands (`-c '!…'`, `+'%!sort'`,
// `--cmd 'r !…'`). As with inline interpreter code, a command given as a plain string is judged as
// the shell command it is; one built at run time (a variable, a concatenation, `:execute`, Vim's
// `system()`) leaves the line unresolved. What starts nothing is not read further.
import { awk, AWK_BINARIES } from './awk-program.js';
import type { Embedded } from './embedded-commands.js';
import { VIM_BINARIES, vim, vimInput } from './ex-commands.js';
import { gdb, gdbInput } from './gdb-commands.js';
import type { Word } from './types.js';

/** Whether this program's own command language is read here. */
export const readsProgramScripts = (binary: string): boolean =>
  AWK_BINARIES.has(binary) || binary === 'gdb' || binary === 'gdb-multiarch' || VIM_BINARIES.has(binary);

/** The commands started by an awk program, gdb commands or Vim commands on the line; null for any other program. */
export function programScripts(binary: string, argv: readonly Word[]): Embedded[] | null {
  if (AWK_BINARIES.has(binary)) return awk(binary, argv);
  if (binary === 'gdb' || binary === 'gdb-multiarch') return gdb(binary, argv);
  if (VIM_BINARIES.has(binary)) return vim(binary, argv);
  return null;
}

/** Commands gdb or Vim read from known input (`gdb -q <<< 'shell …'`, `vim -es <<< '!…'`); null for any other program. */
export function programInputScripts(binary: string, argv: readonly Word[], texts: readonly string[]): Embedded[] | null {
  if (binary === 'gdb' || binary === 'gdb-multiarch') return gdbInput(binary, argv, texts);
  if (VIM_BINARIES.has(binary)) return vimInput(binary, argv, texts);
  return null;
}
