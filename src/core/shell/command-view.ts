// A command's arguments sorted into positionals and flags, with spellings made canonical,
// so rules can say what they mean: `git push -f origin` and `git push origin --force` look alike.
import { forcesPush } from './specs/git.js';
import { canonicalLongOption, canonicalSubcommand, toolSpec, type ToolSpec } from './tool-specs.js';
import type { AnalysedCommand, Word } from './types.js';

export interface CommandView {
  readonly binary: string;
  /** Positional words in order (subcommands first, canonically spelled); dynamic words stay in place. */
  readonly positionals: readonly Word[];
  /** Canonical flag name → values given to it ('' for none). Short clusters also keep their raw form. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  /** Dynamic words standing where a flag could be (or splitting into several): they might expand to any flag. */
  readonly dynamicWords: number;
  /** Flags whose value is known only at run time (a single word, so it cannot add flags). */
  readonly dynamicValues: ReadonlySet<string>;
  /** Short clusters kept whole (`-rf`) beside their parts; not extra flags of their own. */
  readonly clusters: ReadonlySet<string>;
  /**
   * Indexes of positionals right after a flag not known to take a value: if it does take one,
   * the word is that value, not a positional (`kubectl --v 9 exec`).
   */
  readonly mayBeValue: ReadonlySet<number>;
  /** Operands form a set rather than a sequence (`rm`). */
  readonly unordered: boolean;
}

function canonical(spec: ToolSpec | undefined, subcommand: string, flag: string): string {
  const name = canonicalLongOption(spec, subcommand, flag);
  const aliases = spec?.aliases;
  return aliases?.[subcommand]?.[name] ?? aliases?.['']?.[name] ?? name;
}

function takesValue(spec: ToolSpec | undefined, subcommand: string, flag: string): boolean {
  if (!spec) return false;
  return spec.valueOptions.has(flag) || (spec.subcommandValueOptions?.[subcommand]?.has(flag) ?? false);
}

/** `+main`, and a glob after a literal `+` (`+refs/heads/*`): whatever it expands to, the push is forced. */
const forcedRefspec = (w: Word): boolean => (w.kind === 'literal' ? w.text : w.prefix ?? '').startsWith('+');

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_INDEXES: ReadonlySet<number> = new Set();

/** Builds the view of argv[1…] for `binary`. */
export function commandView(binary: string, args: readonly Word[]): CommandView {
  const spec = toolSpec(binary);
  const positionals: Word[] = [];
  const flags = new Map<string, string[]>();
  // Most commands have none of these: the sets are made on first use.
  let mayBeValue: Set<number> | null = null;
  let dynamicValues: Set<string> | null = null;
  let dynamicWords = 0;
  let subcommand = '';
  let clusters: Set<string> | null = null;
  const addFlag = (name: string, value: string): void => {
    const c = canonical(spec, subcommand, name);
    const list = flags.get(c);
    if (list) list.push(value);
    else flags.set(c, [value]);
  };
  const addValued = (name: string, v: Word | undefined): void => {
    if (v?.kind === 'dynamic') {
      if (v.split) dynamicWords++;
      else (dynamicValues ??= new Set()).add(canonical(spec, subcommand, name));
    }
    addFlag(name, v?.text ?? '');
  };
  const addPositional = (w: Word, afterFlag: boolean): void => {
    if (afterFlag) (mayBeValue ??= new Set()).add(positionals.length);
    if (w.kind === 'literal' && positionals.length === 0) {
      subcommand = canonicalSubcommand(spec, w.text);
      positionals.push(subcommand === w.text ? w : { kind: 'literal', text: subcommand });
      return;
    }
    const path = w.kind === 'literal' && positionals.length === 1 ? spec?.commandPaths?.[`${subcommand} ${w.text}`] : undefined;
    if (path !== undefined) {
      subcommand = path;
      positionals[0] = { kind: 'literal', text: path };
      return;
    }
    positionals.push(w);
  };

  let onlyPositionals = false;
  let afterFlag = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const previousWasFlag = afterFlag;
    afterFlag = false;
    if (w.kind === 'dynamic') {
      addPositional(w, previousWasFlag);
      // a glob such as `src/*` expands only to words starting `src/`: never a flag
      if (w.prefix === undefined || w.prefix === '' || w.prefix.startsWith('-')) dynamicWords++;
      continue;
    }
    const t = w.text;
    if (onlyPositionals || !t.startsWith('-') || t === '-' || /^-\d+$/.test(t) && binary !== 'git') {
      addPositional(w, previousWasFlag && !onlyPositionals);
      continue;
    }
    if (t === '--') { onlyPositionals = true; continue; }
    const eq = t.indexOf('=');
    if (eq > 1) { addFlag(t.slice(0, eq), t.slice(eq + 1)); continue; }
    const long = t.startsWith('--') ? canonicalLongOption(spec, subcommand, t) : t;
    if (t.startsWith('--') || takesValue(spec, subcommand, t)) {
      if (takesValue(spec, subcommand, long)) {
        addValued(long, args[++i]);
      } else {
        addFlag(long, '');
        afterFlag = true;
      }
      continue;
    }
    // A short cluster (-rf) is also kept whole, for single-dash long options (-auto-approve).
    if (t.length > 2) {
      addFlag(t, '');
      (clusters ??= new Set()).add(canonical(spec, subcommand, t));
    }
    afterFlag = true;
    for (let k = 1; k < t.length; k++) {
      const name = `-${t.charAt(k)}`;
      if (takesValue(spec, subcommand, name)) {
        afterFlag = false;
        const rest = t.slice(k + 1);
        if (rest !== '') addFlag(name, rest);
        else addValued(name, args[++i]);
        break;
      }
      addFlag(name, '');
    }
  }
  if (binary === 'git' && subcommand === 'push' && (positionals.slice(1).some(forcedRefspec) || flags.get('-c')?.some(forcesPush))) {
    addFlag('--force', ''); // `git push origin +main` is a force push of main, as is a `+` refspec set with -c
  }
  return {
    binary, positionals, flags, dynamicWords,
    dynamicValues: dynamicValues ?? NO_NAMES, clusters: clusters ?? NO_NAMES, mayBeValue: mayBeValue ?? NO_INDEXES,
    unordered: spec?.unorderedOperands ?? false,
  };
}

/** Canonical form of one pattern flag, as commandView would produce it. */
export function canonicalFlag(binary: string, subcommand: string, flag: string): string {
  return canonical(toolSpec(binary), subcommand, flag);
}

/** Canonical form of a pattern's first positional, as commandView would produce it. */
export function canonicalCommand(binary: string, word: string): string {
  return canonicalSubcommand(toolSpec(binary), word);
}

const views = new WeakMap<AnalysedCommand, CommandView>();

/** The texts of a view's positionals known before run time, in order. */
export function literalPositionals(view: CommandView): string[] {
  const out: string[] = [];
  for (const w of view.positionals) if (w.kind === 'literal') out.push(w.text);
  return out;
}

/** The view of an analysed command, built once however many evaluators ask. */
export function viewOf(command: AnalysedCommand): CommandView {
  let v = views.get(command);
  if (!v) {
    v = commandView(command.binary ?? '', command.argv.slice(1));
    views.set(command, v);
  }
  return v;
}
