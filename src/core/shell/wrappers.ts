// Programs that run another program: their own arguments are not the command that matters.
import { spec } from './options.js';
import { bun, npm, npx, pnpm, yarn } from './package-runners.js';
import { coproc, evalWords, flock, parallel, SHELLS, shell, source, ssh, su, tmux, trap, watch, windowsShell, xargs } from './script-runners.js';
import type { Word } from './types.js';
import { acting, afterOptions, neutral, withScriptOption, type Unwrapped, type WrapperInfo } from './unwrapped.js';

export type { Unwrapped, WrapperInfo } from './unwrapped.js';

export const isShell = (binary: string): boolean => SHELLS.has(binary);

function command(argv: readonly Word[]): Unwrapped {
  const unwrapped = afterOptions(argv, spec(''));
  if (unwrapped.kind !== 'exec') return unwrapped;
  const flags = argv.slice(1, argv.length - unwrapped.inner.length).map((w) => w.text);
  return flags.some((f) => /^-[a-zA-Z]*[vV]/.test(f)) ? { kind: 'none' } : unwrapped;
}

/** Multi-call binaries: `busybox rm …`, `coreutils --coreutils-prog=rm …`. */
function multiCall(argv: readonly Word[]): Unwrapped {
  const first = argv[1];
  if (first?.kind === 'literal' && first.text.startsWith('--coreutils-prog=')) {
    return { kind: 'exec', inner: [{ kind: 'literal', text: first.text.slice('--coreutils-prog='.length) }, ...argv.slice(2)] };
  }
  return afterOptions(argv, spec(''));
}

const SUDO = spec('-u -g -C -D -h -p -r -t -U -T --user --group --chdir --prompt --role --type --other-user --host --close-from --command-timeout', true);

const WRAPPERS: Record<string, WrapperInfo> = {
  sudo: acting((a) => afterOptions(a, SUDO)),
  doas: acting((a) => afterOptions(a, spec('-u -C'))),
  pkexec: acting((a) => afterOptions(a, spec('--user'))),
  run0: acting((a) => afterOptions(a, spec('-u --user -g --group -D --chdir --setenv --unit --property --description --slice --nice --machine', true))),
  su: acting(su),
  runuser: acting(su),
  sg: acting((a) => withScriptOption(a, spec('-c'), ['-c'], 1)),
  chroot: acting((a) => afterOptions(a, spec('--userspec --groups'), 1)),
  ssh: acting(ssh),
  npx: acting(npx),
  pnpx: acting(npx),
  bunx: acting((a) => afterOptions(a, spec(''))),
  npm: acting(npm),
  pnpm: acting(pnpm),
  yarn: acting(yarn),
  bun: acting(bun),
  env: neutral((a) => withScriptOption(a, spec('-u --unset -C --chdir -S --split-string --block-signal --default-signal --ignore-signal', true), ['-S', '--split-string'])),
  command: neutral(command),
  builtin: neutral((a) => afterOptions(a, spec(''))),
  exec: neutral((a) => afterOptions(a, spec('-a'))),
  nohup: neutral((a) => afterOptions(a, spec(''))),
  nice: neutral((a) => afterOptions(a, spec('-n --adjustment'))),
  ionice: neutral((a) => afterOptions(a, spec('-c -n -p -P -u --class --classdata --pid --pgid --uid'))),
  chrt: neutral((a) => afterOptions(a, spec('-T -P -D --sched-runtime --sched-period --sched-deadline'), 1)),
  taskset: neutral((a) => afterOptions(a, spec(''), 1)),
  timeout: neutral((a) => afterOptions(a, spec('-s --signal -k --kill-after'), 1)),
  // the shell keyword `time X=1 cmd` times cmd run with X=1
  time: neutral((a) => afterOptions(a, spec('-o -f --output --format', true))),
  stdbuf: neutral((a) => afterOptions(a, spec('-i -o -e --input --output --error'))),
  setsid: neutral((a) => afterOptions(a, spec(''))),
  unbuffer: neutral((a) => afterOptions(a, spec(''))),
  caffeinate: neutral((a) => afterOptions(a, spec('-t -w'))),
  flock: neutral(flock),
  script: neutral((a) => withScriptOption(a, spec('-c --command -t -T -I -O -B -E --timing --log-in --log-out --log-io --echo'), ['-c', '--command'])),
  strace: neutral((a) => afterOptions(a, spec('-o -e -p -s -u -E -P -a -b -I -O -S -X'))),
  ltrace: neutral((a) => afterOptions(a, spec('-o -e -p -s -u -a -n -l -L'))),
  busybox: neutral(multiCall),
  toybox: neutral(multiCall),
  coreutils: neutral(multiCall),
  xargs: neutral(xargs),
  parallel: neutral(parallel),
  tmux: neutral(tmux),
  screen: neutral((a) => afterOptions(a, spec('-S -c -e -h -l -p -t -T -L -Logfile'))),
  watch: neutral(watch),
  eval: neutral(evalWords),
  trap: neutral(trap),
  coproc: neutral(coproc),
  source: neutral(source),
  '.': neutral(source),
  cmd: neutral(windowsShell),
  powershell: neutral(windowsShell),
  pwsh: neutral(windowsShell),
};
for (const sh of SHELLS) WRAPPERS[sh] = neutral(shell);

export function wrapperFor(binary: string): WrapperInfo | undefined {
  return Object.hasOwn(WRAPPERS, binary) ? WRAPPERS[binary] : undefined;
}
