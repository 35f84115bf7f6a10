// Generic option scanning for wrapper programs (`sudo -u root …`, `timeout -s KILL 5 …`).
import type { Word } from './types.js';
import { append } from '../append.js';

export interface OptionSpec {
  /** Options that take a value, short (`-u`) or long (`--user`). */
  readonly withValue: ReadonlySet<string>;
  /** Words like `NAME=value` are skipped (env, sudo). */
  readonly assignments?: boolean;
  /** GNU getopt without `+`: options may follow positional words (`su root -c cmd`). */
  readonly permute?: boolean;
  /** Shells: `+x`, `+o name` are options too (they turn settings off). */
  readonly plus?: boolean;
  /**
   * Long options that take no value. Given with the long options of `withValue` (the full list), an
   * unambiguous abbreviation (`--chr` for `--chroot`) is read as the option it names, as getopt_long does.
   */
  readonly longFlags?: ReadonlySet<string>;
}

export interface ScannedOptions {
  /** Index of the first word that is not an option (or argv.length). With `permute`, argv.length. */
  readonly next: number;
  /** Option name → value (null for flags); the last one given wins. Short clusters are split. */
  readonly options: ReadonlyMap<string, Word | null>;
  /** Every option given, in order, with its value. */
  readonly all: readonly (readonly [string, Word | null])[];
  /** `NAME=value` words skipped (with `assignments`). */
  readonly assignments: readonly Word[];
  /** With `permute`: the positional words met between options, in order. */
  readonly positionals: readonly Word[];
  /** Set when a dynamic word stands where an option or the command could be: the command is unknowable. */
  readonly problem: string | null;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The long option `given` stands for: itself, or the one option it abbreviates (with `longFlags`). */
function longName(given: string, spec: OptionSpec): string {
  if (!spec.longFlags || spec.withValue.has(given) || spec.longFlags.has(given)) return given;
  const named = [...spec.withValue, ...spec.longFlags].filter((n) => n.startsWith('--') && n.startsWith(given));
  return named.length === 1 ? named[0]! : given;
}

/** Scans options from `start` until the first non-option word (or to the end, with `permute`) or `--`. */
export function scanOptions(argv: readonly Word[], start: number, spec: OptionSpec): ScannedOptions {
  const options = new Map<string, Word | null>();
  const all: [string, Word | null][] = [];
  const assignments: Word[] = [];
  const positionals: Word[] = [];
  const set = (name: string, value: Word | null): void => { options.set(name, value); all.push([name, value]); };
  const done = (next: number, problem: string | null = null): ScannedOptions => ({ next, options, all, assignments, positionals, problem });
  let i = start;
  while (i < argv.length) {
    const w = argv[i];
    if (!w) break;
    // A process substitution expands to a path (/dev/fd/63), never to an option.
    if (w.kind === 'dynamic' && !/^[<>]\(/.test(w.text)) return done(i, `cannot tell where the command starts: ${w.text} is only known at run time`);
    const t = w.kind === 'literal' ? w.text : '';
    if (t === '--') {
      if (spec.permute) { append(positionals, argv.slice(i + 1)); return done(argv.length); }
      return done(i + 1);
    }
    if (spec.assignments && ASSIGNMENT.test(t)) { assignments.push(w); i++; continue; }
    const isOption = (t.startsWith('-') || (spec.plus === true && t.startsWith('+'))) && t.length > 1;
    if (!isOption) {
      if (!spec.permute) break;
      positionals.push(w);
      i++;
      continue;
    }
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = longName(eq === -1 ? t : t.slice(0, eq), spec);
      if (eq !== -1) set(name, { kind: 'literal', text: t.slice(eq + 1) });
      else if (spec.withValue.has(name)) { set(name, argv[i + 1] ?? null); i++; }
      else set(name, null);
      i++;
      continue;
    }
    // Short cluster: -Eu root, -uroot, -lc, +xv
    const sign = t.charAt(0);
    for (let k = 1; k < t.length; k++) {
      const name = `${sign}${t.charAt(k)}`;
      if (spec.withValue.has(`-${t.charAt(k)}`)) {
        const rest = t.slice(k + 1);
        if (rest !== '') set(name, { kind: 'literal', text: rest });
        else { set(name, argv[i + 1] ?? null); i++; }
        break;
      }
      set(name, null);
    }
    i++;
  }
  return done(i);
}

/** A set of option names written as one space-separated string. */
export const names = (text: string): ReadonlySet<string> => new Set(text.split(' ').filter(Boolean));

export const spec = (withValue: string, assignments = false, extra: Partial<OptionSpec> = {}): OptionSpec => ({
  withValue: names(withValue),
  assignments,
  ...extra,
});
