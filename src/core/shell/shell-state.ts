// What earlier commands of a command line set up for later ones: aliases (and names bound with
// `hash -p`), files written with known content (`echo … > x.sh; bash x.sh`), and what process
// substitutions produce.
import type { Parser } from 'web-tree-sitter';
import { commandParts } from './command-parts.js';
import { lastSlash } from './last-slash.js';
import { appended, printedBy, type Input } from './input.js';
import { stdoutTarget } from './redirects.js';
import { readTree, type SyntaxNode } from './syntax-tree.js';
import type { Word } from './types.js';
import { wordsOf, type WordContext } from './words.js';

const normalise = (path: string): string => path.replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
const base = (path: string): string => path.slice(lastSlash(path) + 1);

export class ShellState {
  // Each made on its first entry: most command lines need none, and one is made per analysis.
  /** Alias name → the words it stands for; null when it is more than one simple command or not known. */
  private aliases: Map<string, readonly Word[] | null> | null = null;
  private files: Map<string, Input> | null = null;
  /** Paths made a copy of, or a link to, another program (`ln -s /usr/bin/git g`). */
  private links: Map<string, string | null> | null = null;
  private substitutions: WeakMap<Word, Input> | null = null;
  /** The shell's own standard input, once `exec <…` has redirected it. */
  shellStdin: Input = null;

  constructor(private readonly parser: Parser, private readonly words: WordContext) {}

  /** What a command name stands for: an alias, a `hash -p` name, or a copy or link of a program. */
  alias(name: string): readonly Word[] | null | undefined {
    const alias = this.aliases?.get(name);
    if (alias !== undefined) return alias;
    const program = this.lookup(this.links, name);
    return program === undefined || program === null ? program : [{ kind: 'literal', text: program }];
  }

  /** Records `alias name=value…` and `hash -p path name`; returns the alias values to analyse. */
  define(binary: string, argv: readonly Word[]): [string, Word][] {
    if (binary === 'hash') {
      const p = argv.findIndex((w) => w.kind === 'literal' && /^-[a-z]*p$/.test(w.text));
      const path = argv[p + 1];
      const name = argv[p + 2];
      if (p !== -1 && path && name?.kind === 'literal') (this.aliases ??= new Map()).set(name.text, path.kind === 'literal' ? [path] : null);
      return [];
    }
    const out: [string, Word][] = [];
    for (const w of argv.slice(1)) {
      const eq = w.text.indexOf('=');
      if (eq <= 0) continue;
      const name = w.text.slice(0, eq);
      const value: Word = w.kind === 'literal' ? { kind: 'literal', text: w.text.slice(eq + 1) } : w;
      (this.aliases ??= new Map()).set(name, value.kind === 'literal' ? this.simpleCommand(value.text) : null);
      out.push([name, value]);
    }
    return out;
  }

  /** The words of `text` when it is exactly one simple command with known words. */
  private simpleCommand(text: string): readonly Word[] | null {
    const tree = this.parser.parse(text);
    if (!tree) return null;
    let only: SyntaxNode | null;
    try {
      if (tree.rootNode.hasError) return null;
      const root = readTree(tree, text);
      only = root.namedChildCount === 1 ? root.namedChild(0) : null;
    } finally {
      tree.delete();
    }
    if (only?.type !== 'command') return null;
    const parts = commandParts(only, this.words);
    if (parts.redirects.length || parts.prefix.length) return null; // assignments, redirects
    const words = parts.argv;
    return words.every((w) => w.kind === 'literal') ? words : null;
  }

  substituted(word: Word, output: Input): void {
    (this.substitutions ??= new WeakMap()).set(word, output);
  }

  substitution(word: Word): Input | undefined {
    return this.substitutions?.get(word);
  }

  /** Files a command writes: its stdout redirected to a file, or `tee FILE`. */
  noteWrites(argv: readonly Word[], redirects: readonly SyntaxNode[], stdin: Input): void {
    for (const r of redirects) {
      const out = stdoutTarget(r);
      const target = out ? wordsOf(out.target, this.words) : [];
      const path = target.length === 1 && target[0]!.kind === 'literal' ? normalise(target[0]!.text) : null;
      if (!out || path === null) continue;
      const content = printedBy(argv, stdin);
      const before = this.files?.get(path);
      (this.files ??= new Map()).set(path, out.append && before !== undefined ? appended(before, content) : content);
    }
    const program = argv[0]?.kind === 'literal' ? base(argv[0].text) : '';
    if (program === 'tee') {
      for (const w of argv.slice(1)) if (w.kind === 'literal' && !w.text.startsWith('-')) (this.files ??= new Map()).set(normalise(w.text), stdin ?? { kind: 'unknown', from: 'standard input' });
    }
    if (program === 'cp' || program === 'ln' || program === 'install' || program === 'mv') this.noteCopy(argv);
  }

  /** `cp|ln|install|mv SOURCE DEST`: DEST runs what SOURCE ran, and holds what SOURCE held. */
  private noteCopy(argv: readonly Word[]): void {
    const operands: Word[] = [];
    for (let i = 1; i < argv.length; i++) {
      const w = argv[i]!;
      if (w.kind === 'literal' && /^-[mogtS]$/.test(w.text)) i++; // options with values (mode, owner, group, target, suffix)
      else if (w.kind === 'dynamic' || !w.text.startsWith('-')) operands.push(w);
    }
    const [source, dest] = operands;
    if (operands.length !== 2 || dest?.kind !== 'literal' || !source) return;
    if (source.kind === 'dynamic') {
      if (!dest.text.endsWith('/')) (this.links ??= new Map()).set(normalise(dest.text), null); // a program known only at run time
      return;
    }
    const path = normalise(dest.text.endsWith('/') ? dest.text + base(source.text) : dest.text);
    (this.links ??= new Map()).set(path, source.text);
    const content = this.written(source.text);
    if (content !== undefined) (this.files ??= new Map()).set(path, content);
  }

  private lookup<T>(map: ReadonlyMap<string, T> | null, path: string): T | undefined {
    if (map === null) return undefined;
    const key = normalise(path);
    const exact = map.get(key);
    if (exact !== undefined) return exact;
    for (const [written, value] of map) if (base(written) === base(key)) return value;
    return undefined;
  }

  /** Contents of files written in this command line whose paths match `re` (hooks, for instance). */
  writtenMatching(re: RegExp): Input[] {
    if (this.files === null) return [];
    return [...this.files].filter(([path]) => re.test(path)).map(([, content]) => content);
  }

  /** What a file written earlier in this command line holds; undefined when none was. */
  written(path: string): Input | undefined {
    return this.lookup(this.files, path);
  }

  /** Replaces a file input by what this command line wrote into it (or nothing known). */
  resolveInput(input: Input): Input {
    let current = input;
    for (let hops = 0; current?.kind === 'file' && hops < 8; hops++) {
      current = current.path === null ? null : this.written(current.path) ?? null;
    }
    return current?.kind === 'file' ? null : current;
  }
}
