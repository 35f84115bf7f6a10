// Package managers that run other programs: `npx cmd`, `npm exec -- cmd`, `npm exec -c 'cmd'`,
// `pnpm exec cmd`, `pnpm dlx cmd`, `yarn exec cmd`, `bunx cmd`. Whatever else they do is their own.
import { scanOptions, spec, type OptionSpec } from './options.js';
import { canonicalSubcommand, toolSpec } from './tool-specs.js';
import type { Word } from './types.js';
import { afterOptions, type Unwrapped } from './unwrapped.js';

const NPX_OPTIONS = spec('-p --package -c --call -w --workspace --prefix --registry --userconfig --cache --loglevel');

/** `npx [options] cmd args…`, `npx -c 'shell code'`; also `npm exec`. */
function npxFrom(argv: readonly Word[], from: number): Unwrapped {
  const scanned = scanOptions(argv, from, NPX_OPTIONS);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const call = scanned.options.get('-c') ?? scanned.options.get('--call');
  if (call) return { kind: 'script', script: [call] };
  return afterOptions(argv, NPX_OPTIONS, 0, from);
}

/** The subcommand after a tool's global options, and where it stands. */
function subcommand(argv: readonly Word[], options: OptionSpec, binary: string): { name: string | null; at: number; problem: string | null } {
  const scanned = scanOptions(argv, 1, options);
  const word = argv[scanned.next];
  if (scanned.problem) return { name: null, at: scanned.next, problem: scanned.problem };
  return { name: word?.kind === 'literal' ? canonicalSubcommand(toolSpec(binary), word.text) : null, at: scanned.next, problem: null };
}

export function npx(argv: readonly Word[]): Unwrapped {
  return npxFrom(argv, 1);
}

export function npm(argv: readonly Word[]): Unwrapped {
  const sub = subcommand(argv, { withValue: toolSpec('npm')!.valueOptions }, 'npm');
  if (sub.problem) return { kind: 'unresolved', reason: sub.problem };
  return sub.name === 'exec' ? npxFrom(argv, sub.at + 1) : { kind: 'none' };
}

const PNPM_OPTIONS = spec('-C --dir -F --filter --workspace-concurrency --reporter --loglevel');

export function pnpm(argv: readonly Word[]): Unwrapped {
  const sub = subcommand(argv, PNPM_OPTIONS, 'pnpm');
  if (sub.problem) return { kind: 'unresolved', reason: sub.problem };
  if (sub.name !== 'exec' && sub.name !== 'dlx' && sub.name !== 'x') return { kind: 'none' };
  const scanned = scanOptions(argv, 1, PNPM_OPTIONS);
  const after = afterOptions(argv, spec('-C --dir -F --filter --workspace-concurrency --reporter --loglevel -p --package'), 0, sub.at + 1);
  // `pnpm -c exec 'cmd'` (--shell-mode) runs the command through a shell
  if (after.kind === 'exec' && (scanned.options.has('-c') || scanned.options.has('--shell-mode'))) return { kind: 'script', script: after.inner };
  return after;
}

export function yarn(argv: readonly Word[]): Unwrapped {
  const sub = subcommand(argv, spec('--cwd --registry'), 'yarn');
  if (sub.problem) return { kind: 'unresolved', reason: sub.problem };
  if (sub.name !== 'exec' && sub.name !== 'dlx') return { kind: 'none' };
  return afterOptions(argv, spec('-p --package'), 0, sub.at + 1);
}

/** `bun x cmd` (`bunx cmd` is npx-like). */
export function bun(argv: readonly Word[]): Unwrapped {
  return argv[1]?.text === 'x' ? afterOptions(argv, spec(''), 0, 2) : { kind: 'none' };
}
