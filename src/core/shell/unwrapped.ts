// What a wrapper program does with the rest of its words, and the scanning helpers wrappers share.
import { scanOptions, type OptionSpec } from './options.js';
import type { Word } from './types.js';

/**
 * - exec: runs `inner` as a command (with `assignments` put in its environment)
 * - script: runs the text of `script` (joined by spaces) as shell code
 * - stdin: a shell that reads its commands from standard input
 * - source: a shell that reads its commands from the file named by `file`
 * - none: does not run anything (`command -v git`)
 * - unresolved: runs something that cannot be known statically
 */
export type Unwrapped =
  | { readonly kind: 'exec'; readonly inner: readonly Word[]; readonly assignments?: readonly Word[] }
  | { readonly kind: 'script'; readonly script: readonly Word[] }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'source'; readonly file: Word }
  | { readonly kind: 'none' }
  | { readonly kind: 'unresolved'; readonly reason: string };

/**
 * `neutral` wrappers only modify how a command runs; they are judged by explicit rules only.
 * Others (sudo, su, ssh…) are actions of their own and also take the role's default.
 */
export interface WrapperInfo {
  readonly neutral: boolean;
  readonly unwrap: (argv: readonly Word[]) => Unwrapped;
}

export const neutral = (unwrap: WrapperInfo['unwrap']): WrapperInfo => ({ neutral: true, unwrap });
export const acting = (unwrap: WrapperInfo['unwrap']): WrapperInfo => ({ neutral: false, unwrap });

export const dynamicStart = (w: Word): Unwrapped => ({
  kind: 'unresolved',
  reason: `cannot tell where the command starts: ${w.text} is only known at run time`,
});

/** Runs the words after the options (and after `skipPositionals` operands such as timeout's duration). */
export function afterOptions(argv: readonly Word[], s: OptionSpec, skipPositionals = 0, from = 1): Unwrapped {
  const scanned = scanOptions(argv, from, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  let next = scanned.next;
  for (let k = 0; k < skipPositionals; k++) {
    const w = argv[next];
    if (w?.kind === 'dynamic' && w.split) return dynamicStart(w);
    next++;
  }
  const inner = argv.slice(next);
  if (inner.length === 0) return { kind: 'none' };
  return scanned.assignments.length ? { kind: 'exec', inner, assignments: scanned.assignments } : { kind: 'exec', inner };
}

/** Like afterOptions, but one of `scriptOptions` (`-c`) gives shell code instead. */
export function withScriptOption(argv: readonly Word[], s: OptionSpec, scriptOptions: readonly string[], skip = 0): Unwrapped {
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  for (const name of scriptOptions) {
    const value = scanned.options.get(name);
    if (value) return { kind: 'script', script: [value] };
  }
  return afterOptions(argv, s, skip);
}

export interface StrictOptions {
  /** Options after which the program prints something and runs nothing (`--help`). */
  readonly noRun?: ReadonlySet<string>;
  /** What the program runs when given no command (a shell reading standard input, for some). */
  readonly bare?: Unwrapped;
  /** Operands before the command (`ip netns exec NAME cmd`: one). */
  readonly skip?: number;
  /** Where its options start (after a subcommand: `uv run …`). */
  readonly from?: number;
}

/**
 * Like afterOptions, for programs with many options, some taking values and some changing what
 * runs: any option not listed as taking a value (`s`) or not (`flags`) makes the command
 * unresolved, rather than guessing where the command starts.
 */
export function strictAfterOptions(argv: readonly Word[], s: OptionSpec, flags: ReadonlySet<string>, label: string, o: StrictOptions = {}): Unwrapped {
  const scanned = scanOptions(argv, o.from ?? 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const unknown = scanned.all.find(([name]) => !s.withValue.has(name) && !flags.has(name));
  if (unknown) return { kind: 'unresolved', reason: `${label} ${unknown[0]} is an option whose effect on the command is not known` };
  if (o.noRun && scanned.all.some(([name]) => o.noRun!.has(name))) return { kind: 'none' };
  let next = scanned.next;
  for (let k = 0; k < (o.skip ?? 0); k++) {
    const w = argv[next];
    if (w?.kind === 'dynamic' && w.split) return dynamicStart(w);
    next++;
  }
  const inner = argv.slice(next);
  if (inner.length === 0) return o.bare ?? { kind: 'none' };
  return scanned.assignments.length ? { kind: 'exec', inner, assignments: scanned.assignments } : { kind: 'exec', inner };
}
