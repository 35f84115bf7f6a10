// Generic option scanning for wrapper programs (`sudo -u root …`, `timeout -s KILL 5 …`).
import type { Word } from './types.js';

export interface OptionSpec {
  /** Options that take a value, short (`-u`) or long (`--user`). */
  readonly withValue: ReadonlySet<string>;
  /** Words like `NAME=value` are skipped (env, sudo). */
  readonly assignments?: boolean;
}

export interface ScannedOptions {
  /** Index of the first word that is not an option (or argv.length). */
  readonly next: number;
  /** Option name → value (or '' for flags). Short clusters are split. */
  readonly options: ReadonlyMap<string, Word | null>;
  /** Set when a dynamic word stands where an option or the command could be: the command is unknowable. */
  readonly problem: string | null;
}

/** Scans options from `start` until the first non-option word or `--`. */
export function scanOptions(argv: readonly Word[], start: number, spec: OptionSpec): ScannedOptions {
  const options = new Map<string, Word | null>();
  let i = start;
  while (i < argv.length) {
    const w = argv[i];
    if (!w) break;
    if (w.kind === 'dynamic') {
      return { next: i, options, problem: `cannot tell where the command starts: ${w.text} is only known at run time` };
    }
    const t = w.text;
    if (t === '--') return { next: i + 1, options, problem: null };
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) { i++; continue; }
    if (!t.startsWith('-') || t === '-') break;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = eq === -1 ? t : t.slice(0, eq);
      if (eq !== -1) options.set(name, { kind: 'literal', text: t.slice(eq + 1) });
      else if (spec.withValue.has(name)) { options.set(name, argv[i + 1] ?? null); i++; }
      else options.set(name, null);
      i++;
      continue;
    }
    // Short cluster: -Eu root, -uroot, -lc
    for (let k = 1; k < t.length; k++) {
      const name = `-${t.charAt(k)}`;
      if (spec.withValue.has(name)) {
        const rest = t.slice(k + 1);
        if (rest !== '') options.set(name, { kind: 'literal', text: rest });
        else { options.set(name, argv[i + 1] ?? null); i++; }
        break;
      }
      options.set(name, null);
    }
    i++;
  }
  return { next: i, options, problem: null };
}

export const spec = (withValue: string, assignments = false): OptionSpec => ({
  withValue: new Set(withValue.split(' ').filter(Boolean)),
  assignments,
});
