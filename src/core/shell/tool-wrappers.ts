// Everyday tools that also run a command of the user's: `fd -x cmd`, `hub push` (git behind a
// wrapper), `launchctl asuser UID cmd`, `brew bundle exec -- cmd`, `jj util exec -- cmd`.
import { GIT_COMMANDS } from './specs/git.js';
import { literal, type Word } from './types.js';
import { afterOptions, dynamicStart, type Unwrapped } from './unwrapped.js';
import { spec } from './options.js';

const FD_EXEC = new Set(['-x', '--exec', '-X', '--exec-batch']);

/** `fd [opts] [pattern] [path] -x cmd args… [;]`: the command, for each result (its `{}` placeholders stay as written). */
export function fd(argv: readonly Word[]): Unwrapped {
  const at = argv.findIndex((w, i) => i > 0 && FD_EXEC.has(w.text));
  if (at === -1) return { kind: 'none' };
  const end = argv.findIndex((w, i) => i > at && w.kind === 'literal' && w.text === ';');
  const inner = argv.slice(at + 1, end === -1 ? undefined : end);
  if (inner[0]?.kind === 'dynamic') return dynamicStart(inner[0]);
  return inner.length ? { kind: 'exec', inner } : { kind: 'none' };
}

/** hub passes git's own commands to git. */
export function hub(argv: readonly Word[]): Unwrapped {
  const first = argv.slice(1).find((w) => !w.text.startsWith('-'));
  if (first?.kind === 'dynamic') return dynamicStart(first);
  return first !== undefined && GIT_COMMANDS.has(first.text) ? { kind: 'exec', inner: [literal('git'), ...argv.slice(1)] } : { kind: 'none' };
}

/** `launchctl asuser UID cmd…`, `launchctl bsexec PID cmd…`; launchctl runs nothing else. */
export function launchctl(argv: readonly Word[]): Unwrapped {
  const sub = argv[1];
  if (sub?.kind === 'dynamic') return dynamicStart(sub);
  return sub?.text === 'asuser' || sub?.text === 'bsexec' ? afterOptions(argv, spec(''), 1, 2) : { kind: 'none' };
}

/** `TOOL SUB… -- cmd…` for a fixed subcommand path (`brew bundle exec`, `jj util exec`), `--` optional. */
export const subcommandExec = (path: readonly string[]) => (argv: readonly Word[]): Unwrapped => {
  if (!path.every((p, i) => argv[i + 1]?.text === p)) return argv.slice(1, path.length + 1).some((w) => w.kind === 'dynamic') ? { kind: 'unresolved', reason: `${argv[0]?.text ?? ''} runs a subcommand known only at run time` } : { kind: 'none' };
  const rest = argv.slice(path.length + 1);
  if (rest[0]?.text === '--') return rest.length > 1 ? { kind: 'exec', inner: rest.slice(1) } : { kind: 'none' };
  // Its own options before the command are not listed here: one could take the next word.
  if (rest[0]?.text.startsWith('-')) return { kind: 'unresolved', reason: `${argv[0]?.text ?? ''} ${path.join(' ')} ${rest[0].text} is an option whose effect on the command is not known` };
  if (rest[0]?.kind === 'dynamic') return dynamicStart(rest[0]);
  return rest.length ? { kind: 'exec', inner: rest } : { kind: 'none' };
};
