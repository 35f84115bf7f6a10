// Programs that run another program: their own arguments are not the command that matters.
import { scanOptions, spec, type OptionSpec } from './options.js';
import type { Word } from './types.js';

/**
 * What a wrapper does with the rest of its words:
 * - exec: runs `inner` as a command
 * - script: runs the text of `script` (joined by spaces) as shell code
 * - stdin: a shell that reads its commands from standard input
 * - none: does not run anything (`command -v git`)
 * - unresolved: runs something that cannot be known statically
 */
export type Unwrapped =
  | { readonly kind: 'exec'; readonly inner: readonly Word[] }
  | { readonly kind: 'script'; readonly script: readonly Word[] }
  | { readonly kind: 'stdin' }
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

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'fish']);
export const isShell = (binary: string): boolean => SHELLS.has(binary);

function afterOptions(argv: readonly Word[], s: OptionSpec, skipPositionals = 0): Unwrapped {
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  let next = scanned.next;
  for (let k = 0; k < skipPositionals; k++) {
    const w = argv[next];
    if (w?.kind === 'dynamic' && w.split) {
      return { kind: 'unresolved', reason: `cannot tell where the command starts: ${w.text} is only known at run time` };
    }
    next++;
  }
  const inner = argv.slice(next);
  return inner.length === 0 ? { kind: 'none' } : { kind: 'exec', inner };
}

function withScriptOption(argv: readonly Word[], s: OptionSpec, scriptOptions: readonly string[], skip = 0): Unwrapped {
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  for (const name of scriptOptions) {
    const value = scanned.options.get(name);
    if (value) return { kind: 'script', script: [value] };
  }
  return afterOptions(argv, s, skip);
}

function shell(argv: readonly Word[]): Unwrapped {
  const s = spec('-o -O --rcfile --init-file');
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const first = argv[scanned.next];
  if (scanned.options.has('-c')) {
    return first ? { kind: 'script', script: [first] } : { kind: 'unresolved', reason: 'shell -c without a script' };
  }
  if (!first || scanned.options.has('-s')) return { kind: 'stdin' };
  return { kind: 'none' }; // `bash script.sh`: runs a file, judged as the shell command itself
}

function xargs(argv: readonly Word[]): Unwrapped {
  const s = spec('-I -n -P -L -s -d -E -a --arg-file --max-args --max-procs --replace --delimiter --max-lines --max-chars --eof');
  const unwrapped = afterOptions(argv, s);
  const extra: Word = { kind: 'dynamic', text: '<input>', split: true };
  if (unwrapped.kind === 'none') return { kind: 'exec', inner: [{ kind: 'literal', text: 'echo' }, extra] };
  if (unwrapped.kind !== 'exec') return unwrapped;
  return { kind: 'exec', inner: [...unwrapped.inner, extra] };
}

function watch(argv: readonly Word[]): Unwrapped {
  const s = spec('-n --interval -q --equexit');
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const rest = argv.slice(scanned.next);
  if (rest.length === 0) return { kind: 'none' };
  return scanned.options.has('-x') || scanned.options.has('--exec') ? { kind: 'exec', inner: rest } : { kind: 'script', script: rest };
}

function command(argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, spec(''));
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  if (scanned.options.has('-v') || scanned.options.has('-V')) return { kind: 'none' };
  const inner = argv.slice(scanned.next);
  return inner.length ? { kind: 'exec', inner } : { kind: 'none' };
}

function ssh(argv: readonly Word[]): Unwrapped {
  const s = spec('-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w -B');
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const remote = argv.slice(scanned.next + 1);
  return remote.length ? { kind: 'script', script: remote } : { kind: 'none' };
}

const neutral = (unwrap: WrapperInfo['unwrap']): WrapperInfo => ({ neutral: true, unwrap });
const acting = (unwrap: WrapperInfo['unwrap']): WrapperInfo => ({ neutral: false, unwrap });

const WRAPPERS: Record<string, WrapperInfo> = {
  sudo: acting((a) => afterOptions(a, spec('-u -g -C -D -h -p -r -t -U -T --user --group --chdir --prompt --role --type --other-user --host --close-from --command-timeout', true))),
  doas: acting((a) => afterOptions(a, spec('-u -C'))),
  su: acting((a) => withScriptOption(a, spec('-c --command -s --shell -g --group -G --supp-group -w --whitelist-environment'), ['-c', '--command'], 1)),
  runuser: acting((a) => withScriptOption(a, spec('-c --command -s --shell -g --group -G --supp-group -u --user -w'), ['-c', '--command'])),
  chroot: acting((a) => afterOptions(a, spec('--userspec --groups'), 1)),
  ssh: acting(ssh),
  env: neutral((a) => withScriptOption(a, spec('-u --unset -C --chdir -S --split-string --block-signal --default-signal --ignore-signal', true), ['-S', '--split-string'])),
  command: neutral(command),
  builtin: neutral((a) => afterOptions(a, spec(''))),
  exec: neutral((a) => afterOptions(a, spec('-a'))),
  nohup: neutral((a) => afterOptions(a, spec(''))),
  nice: neutral((a) => afterOptions(a, spec('-n --adjustment'))),
  ionice: neutral((a) => afterOptions(a, spec('-c -n -p -P -u --class --classdata --pid --pgid --uid'))),
  timeout: neutral((a) => afterOptions(a, spec('-s --signal -k --kill-after'), 1)),
  time: neutral((a) => afterOptions(a, spec('-o -f --output --format'))),
  stdbuf: neutral((a) => afterOptions(a, spec('-i -o -e --input --output --error'))),
  setsid: neutral((a) => afterOptions(a, spec(''))),
  unbuffer: neutral((a) => afterOptions(a, spec(''))),
  caffeinate: neutral((a) => afterOptions(a, spec('-t -w'))),
  flock: neutral((a) => withScriptOption(a, spec('-w --timeout -E --conflict-exit-code -c --command'), ['-c', '--command'], 1)),
  script: neutral((a) => withScriptOption(a, spec('-c --command -t -T -I -O -B -E --timing --log-in --log-out --log-io --echo'), ['-c', '--command'])),
  strace: neutral((a) => afterOptions(a, spec('-o -e -p -s -u -E -P -a -b -I -O -S -X'))),
  busybox: neutral((a) => afterOptions(a, spec(''))),
  xargs: neutral(xargs),
  watch: neutral(watch),
  eval: neutral((a) => (a.length > 1 ? { kind: 'script', script: a.slice(1) } : { kind: 'none' })),
};
for (const sh of SHELLS) WRAPPERS[sh] = neutral(shell);

export function wrapperFor(binary: string): WrapperInfo | undefined {
  return Object.hasOwn(WRAPPERS, binary) ? WRAPPERS[binary] : undefined;
}
