// What the readers of programs' own command languages (awk-program.ts, gdb-commands.ts,
// ex-commands.ts) share: the commands they find, each once and boundedly, and how a word known
// only at run time is read.
import { binaryName } from './binary-name.js';
import type { Embedded } from './embedded-commands.js';
import { MAX_CALLS } from './inline-code.js';
import { SHELLS } from './script-runners.js';
import type { Word } from './types.js';

/** What one reader finds, each thing once, and at most MAX_CALLS of it: hostile text can hold thousands. */
export class Findings {
  readonly out: Embedded[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly label: string) {}

  get full(): boolean {
    return this.out.length > MAX_CALLS;
  }

  add(e: Embedded): void {
    const key = JSON.stringify(e);
    if (this.full || this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push(this.out.length < MAX_CALLS ? e : { kind: 'unresolved', label: this.label, reason: `${this.label} starts more than ${MAX_CALLS} programs; the rest are not read` });
  }

  script(text: string): void {
    if (text.trim() !== '') this.add({ kind: 'script', label: this.label, text });
  }

  unresolved(reason: string): void {
    this.add({ kind: 'unresolved', label: this.label, reason: `${this.label} ${reason}` });
  }

  /** A command line a shell runs: an empty one is an interactive shell, whose commands are not on the line. */
  shell(text: string): void {
    if (text.trim() === '') this.unresolved('starts an interactive shell');
    else this.script(text.trim());
  }

  /**
   * A command line a shell runs with `what` piped to it. A program anywhere on it (behind `env`,
   * `sudo`, `nice`…, or after `;`) that may read its input as code runs text known only then.
   */
  piped(text: string, what: string): void {
    const words = text.split(/[\s;&|()<>'"`]+/).filter((w) => w !== '');
    if (words.some((w, i) => readsCode(w) && !commandGiven(words, i))) {
      this.unresolved(`pipes ${what} to a program that may run it as commands (a shell or an interpreter)`);
    }
    this.shell(text);
  }
}

/** Programs that may read their input as code or commands: shells, interpreters, and what runs lines it reads. */
const READS_CODE = new Set([
  ...SHELLS, 'pypy', 'pypy3', 'perl', 'ruby', 'irb', 'node', 'nodejs', 'bun', 'deno', 'php', 'lua', 'luajit', 'tclsh', 'wish',
  'expect', 'awk', 'gawk', 'mawk', 'nawk', 'original-awk', 'goawk', 'busybox', 'gdb', 'gdb-multiarch', 'vim', 'vi', 'nvim',
  'ex', 'ed', 'dc', 'm4', 'sqlite3', 'psql', 'mysql', 'xargs', 'parallel', 'ssh', 'su', 'crontab', 'pwsh', 'powershell',
  'osascript', 'rscript', 'julia', 'guile', 'racket', 'ocaml', 'ghci', 'jshell', 'groovy', 'erl',
]);
const readsCode = (word: string): boolean => {
  const name = binaryName(word);
  return READS_CODE.has(name) || /^python[\d.]*$/.test(name);
};
/** A shell given its command on the line (`sh -c 'sort'`, `bash -ec …`): that command is judged, not its input. */
const commandGiven = (words: readonly string[], at: number): boolean => {
  if (!SHELLS.has(binaryName(words[at]!))) return false;
  for (let i = at + 1; i < words.length && words[i]!.startsWith('-'); i++) if (/^-\w*c$/.test(words[i]!)) return true;
  return false;
};

/** `word` names the command `full`, abbreviated to no fewer than `min` letters (`sil` for `silent`). */
export const abbreviates = (word: string, full: string, min: number): boolean => word.length >= min && full.startsWith(word);

/** Text that is nothing but expansions: what it holds is known only at run time. */
const ONLY_EXPANSIONS = /^(?:\s|\$[A-Za-z_]\w*|\$[\d@*#?$!-]|\$\{[^}]*\}|\$\([^()]*\)|`[^`]*`)*$/;

/**
 * Reads the text of one word with `read`. A word known only at run time is read from its text as
 * written, roughly unquoted: what it starts there cannot be known, so it leaves the line
 * unresolved, as does a word that is nothing but an expansion.
 */
export function fromWord(w: Word, label: string, read: (text: string) => Embedded[]): Embedded[] {
  if (w.kind === 'literal') return read(w.text);
  const quoted = /^"([\s\S]*)"$/.exec(w.text);
  const text = quoted ? quoted[1]!.replace(/\\([\\"$`])/g, '$1') : w.text;
  if (!ONLY_EXPANSIONS.test(text) && read(text).length === 0) return [];
  return [{ kind: 'unresolved', label, reason: `${label} is known only at run time (${w.text}) and may start programs` }];
}
