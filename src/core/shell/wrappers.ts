// Programs that run another program: their own arguments are not the command that matters.
import { names, spec } from './options.js';
import { bun, npm, npx, pnpm, yarn } from './package-runners.js';
import { cgexec, chpst, dbusRunSession, firejail, ipNetnsExec, nsenter, numactl, prlimit, setpriv, sshAgent, systemdRun, torsocks, unshare } from './isolation-wrappers.js';
import { parallel } from './parallel.js';
import { fd, hub, launchctl, subcommandExec } from './tool-wrappers.js';
import { condaRun, hatch, mise, nix, nixShell, pdm, pipenv, poetry, rye, uv, versionManagerExec } from './project-runners.js';
import { coproc, evalWords, flock, SHELLS, shell, source, ssh, su, tmux, trap, typescript, watch, windowsShell, xargs } from './script-runners.js';
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

// sudo 1.9's getopt string "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv" and its whole long-option table
// (`-h host` takes the next word as the host when it is not an option)
/** Programs that start a shell reading standard input when given no command (`fakeroot`, `setarch x86_64`). */
const orShell = (unwrapped: Unwrapped): Unwrapped => (unwrapped.kind === 'none' ? { kind: 'stdin' } : unwrapped);

/** `setarch ARCH [flags] cmd…` (util-linux takes no option values); `setarch -R cmd…` names no architecture. */
function setarch(argv: readonly Word[]): Unwrapped {
  const first = argv[1];
  if (first?.kind === 'dynamic') return afterOptions(argv, spec(''));
  return orShell(afterOptions(argv, spec(''), 0, first?.text.startsWith('-') ? 1 : 2));
}

/** `SUB [opts] cmd…` for tools that run a command through one subcommand: `direnv exec DIR cmd`, `bundle exec cmd`. */
const subcommand = (name: string, options: string, skip = 0) => (argv: readonly Word[]): Unwrapped =>
  argv[1]?.kind === 'dynamic' ? afterOptions(argv, spec(''))
    : argv[1]?.text === name ? afterOptions(argv, spec(options), skip, 2) : { kind: 'none' };

/** `gdb [opts] --args prog args…`: the program and its arguments follow `--args` (run once the session says so). */
function gdb(argv: readonly Word[]): Unwrapped {
  const at = argv.findIndex((w, i) => i > 0 && w.kind === 'literal' && (w.text === '--args' || w.text === '-args'));
  if (at === -1) return { kind: 'none' };
  const inner = argv.slice(at + 1);
  return inner.length ? { kind: 'exec', inner } : { kind: 'none' };
}

/** dotenv-cli runs the words after `--`; its option syntax otherwise varies (and python-dotenv has `dotenv run`). */
function dotenv(argv: readonly Word[]): Unwrapped {
  const at = argv.findIndex((w, i) => i > 0 && w.kind === 'literal' && w.text === '--');
  if (at !== -1) return argv.length > at + 1 ? { kind: 'exec', inner: argv.slice(at + 1) } : { kind: 'none' };
  return argv.length > 1 ? { kind: 'unresolved', reason: 'dotenv runs a command only known with `--` before it' } : { kind: 'none' };
}

const SUDO = spec('-a -C -c -D -g -h -p -R -r -T -t -U -u --auth-type --chdir --chroot --close-from --command-timeout --group --host --login-class --other-user --prompt --role --type --user', true, {
  longFlags: names('--askpass --background --bell --edit --help --list --login --no-update --non-interactive --preserve-env --preserve-groups --remove-timestamp --reset-timestamp --set-home --shell --stdin --validate --version'),
});

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
  nsenter: acting(nsenter),
  setpriv: acting(setpriv),
  'systemd-run': acting(systemdRun),
  chpst: acting(chpst),
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
  script: neutral(typescript),
  strace: neutral((a) => afterOptions(a, spec('-o -e -p -s -u -E -P -a -b -I -O -S -X'))),
  ltrace: neutral((a) => afterOptions(a, spec('-o -e -p -s -u -a -n -l -L'))),
  setarch: neutral(setarch),
  linux32: neutral((a) => orShell(afterOptions(a, spec('')))),
  linux64: neutral((a) => orShell(afterOptions(a, spec('')))),
  // fakeroot's getopt string "+l:f:i:s:ub:hv"
  fakeroot: neutral((a) => orShell(afterOptions(a, spec('-l -f -i -s -b --lib --faked --fd-base')))),
  proxychains: neutral((a) => afterOptions(a, spec('-f'))),
  proxychains4: neutral((a) => afterOptions(a, spec('-f'))),
  // valgrind's options take their values only as --name=value
  valgrind: neutral((a) => afterOptions(a, spec(''))),
  gdb: neutral(gdb),
  direnv: neutral(subcommand('exec', '', 1)),
  bundle: neutral(subcommand('exec', '--gemfile')),
  dotenv: neutral(dotenv),
  unshare: neutral(unshare),
  firejail: neutral(firejail),
  torsocks: neutral(torsocks),
  cgexec: neutral(cgexec),
  ip: neutral(ipNetnsExec),
  numactl: neutral(numactl),
  prlimit: neutral(prlimit),
  catchsegv: neutral((a) => afterOptions(a, spec(''))),
  'ssh-agent': neutral(sshAgent),
  'dbus-run-session': neutral(dbusRunSession),
  fd: neutral(fd),
  fdfind: neutral(fd),
  hub: neutral(hub),
  launchctl: acting(launchctl),
  brew: neutral(subcommandExec(['bundle', 'exec'])),
  jj: neutral(subcommandExec(['util', 'exec'])),
  uv: neutral(uv),
  poetry: neutral(poetry),
  pipenv: neutral(pipenv),
  pdm: neutral(pdm),
  hatch: neutral(hatch),
  rye: neutral(rye),
  conda: neutral(condaRun('conda')),
  mamba: neutral(condaRun('mamba')),
  micromamba: neutral(condaRun('micromamba')),
  'nix-shell': neutral(nixShell),
  nix: neutral(nix),
  mise: neutral(mise),
  rtx: neutral(mise),
  asdf: neutral(versionManagerExec),
  pyenv: neutral(versionManagerExec),
  rbenv: neutral(versionManagerExec),
  nodenv: neutral(versionManagerExec),
  goenv: neutral(versionManagerExec),
  busybox: neutral(multiCall),
  toybox: neutral(multiCall),
  coreutils: neutral(multiCall),
  xargs: neutral(xargs),
  parallel: neutral((a) => parallel(a)),
  sem: neutral((a) => parallel(a, true)),
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
