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

  /** A command line a shell runs with `what` piped to it: a shell reading it runs text known only then. */
  piped(text: string, what: string): void {
    const words = text.trim().split(/\s+/);
    if (SHELLS.has(binaryName(words[0] ?? '')) && words.slice(1).every((w) => w.startsWith('-') && !/^-\w*c$/.test(w))) {
      this.unresolved(`pipes ${what} to a shell, which runs it as commands`);
    }
    this.shell(text);
  }
}

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
