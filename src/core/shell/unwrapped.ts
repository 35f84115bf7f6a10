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
