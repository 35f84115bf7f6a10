// Programs that run a command in another namespace, sandbox, service, identity or resource limit:
// `unshare -r cmd`, `nsenter -t 1 -m cmd`, `setpriv --reuid=1000 cmd`, `systemd-run --user cmd`,
// `firejail cmd`, `torsocks cmd`, `cgexec -g cpu:x cmd`, `ip netns exec NAME cmd`, `chpst -u x cmd`,
// `numactl -C 0 cmd`, `prlimit --nofile=10 cmd`. Their option lists are long and some options take
// values: an option not listed here makes the command unresolved instead of a guess.
import { names, scanOptions, spec } from './options.js';
import { literal, type Word } from './types.js';
import { afterOptions, dynamicStart, strictAfterOptions, type Unwrapped } from './unwrapped.js';

const HELP = names('-h --help -V --version');
const SHELL: Unwrapped = { kind: 'stdin' };
const unresolved = (reason: string): Unwrapped => ({ kind: 'unresolved', reason });

// util-linux: long options with optional values take them only as --name=value
const UNSHARE = spec('-R --root -w --wd -S --setuid -G --setgid -l --load-interp --propagation --setgroups --map-user --map-group --map-users --map-groups --monotonic --boottime');
const UNSHARE_FLAGS = names('-m --mount -u --uts -i --ipc -n --net -p --pid -U --user -C --cgroup -T --time -f --fork --kill-child --mount-proc -r --map-root-user -c --map-current-user --map-auto --keep-caps -h --help -V --version');
export const unshare = (argv: readonly Word[]): Unwrapped => strictAfterOptions(argv, UNSHARE, UNSHARE_FLAGS, 'unshare', { noRun: HELP, bare: SHELL });

// -r/--root and -w/--wd take their directory only attached (`-r/mnt`, `--root=/mnt`)
const NSENTER = spec('-t --target -S --setuid -G --setgid -W --wdns');
const NSENTER_FLAGS = names('-a --all -m --mount -u --uts -i --ipc -n --net -p --pid -U --user -C --cgroup -T --time -e --env --preserve-credentials -r --root -w --wd -F --no-fork -Z --follow-context -c --join-cgroup --user-parent -h --help -V --version');
export function nsenter(argv: readonly Word[]): Unwrapped {
  // `-r/mnt`, `-m/proc/1/ns/mnt`: these options take a value only attached, which is not a cluster of flags.
  const plain = argv.map((w, i) => (i > 0 && w.kind === 'literal' && /^-[rwmuinpUCT]./.test(w.text) ? literal(w.text.slice(0, 2)) : w));
  return strictAfterOptions(plain, NSENTER, NSENTER_FLAGS, 'nsenter', { noRun: HELP, bare: SHELL });
}

const SETPRIV = spec('--ambient-caps --inh-caps --bounding-set --groups --egid --euid --gid --regid --reuid --rgid --ruid --uid --securebits --pdeathsig --selinux-label --apparmor-profile --landlock-access --landlock-rule --seccomp-filter');
const SETPRIV_FLAGS = names('-d --dump --nnp --no-new-privs --clear-groups --keep-groups --init-groups --reset-env -h --help -V --version');
export const setpriv = (argv: readonly Word[]): Unwrapped =>
  strictAfterOptions(argv, SETPRIV, SETPRIV_FLAGS, 'setpriv', { noRun: names('-d --dump -h --help -V --version') });

const SYSTEMD_RUN = spec('-u --unit -p --property --description --slice --service-type --uid --gid --nice --working-directory -E --setenv --json --on-active --on-boot --on-startup --on-unit-active --on-unit-inactive --on-calendar --path-property --socket-property --timer-property -H --host -M --machine -C --capsule --background --expand-environment');
const SYSTEMD_RUN_FLAGS = names('-T --pty-late --no-ask-password --scope --slice-inherit -r --remain-after-exit --send-sighup -d --same-dir -t --pty -P --pipe -q --quiet --on-clock-change --on-timezone-change --no-block --wait -G --collect --user --system -S --shell --ignore-failure -h --help --version');
/** Unit properties that give a command the unit runs (`-p ExecStartPre=…`). */
const COMMAND_PROPERTY = /^\s*Exec/i;

export function systemdRun(argv: readonly Word[]): Unwrapped {
  const result = strictAfterOptions(argv, SYSTEMD_RUN, SYSTEMD_RUN_FLAGS, 'systemd-run', { noRun: names('-h --help --version') });
  const options = scanOptions(argv, 1, SYSTEMD_RUN).all;
  const property = options.find(([n, v]) => /^(?:-p|--property|--socket-property|--path-property|--timer-property)$/.test(n) && (v === null || v.kind === 'dynamic' || COMMAND_PROPERTY.test(v.text)));
  if (property) return unresolved(`systemd-run ${property[0]} ${property[1]?.text ?? ''} may give the unit a command of its own`);
  if (result.kind === 'exec') {
    // -E NAME=VALUE is the command's environment, as `env NAME=VALUE cmd` gives it (GIT_SSH_COMMAND=… runs a command)
    const env = options.flatMap(([n, v]) => ((n === '-E' || n === '--setenv') && v !== null && v.text.includes('=') ? [v] : []));
    return env.length ? { ...result, assignments: [...(result.assignments ?? []), ...env] } : result;
  }
  if (result.kind !== 'none') return result;
  // --shell starts the user's shell in the unit, reading standard input
  return options.some(([n]) => n === '-S' || n === '--shell') ? SHELL : result;
}

/**
 * firejail's options are all `--name` or `--name=value`; a short option, or one that picks the
 * program or shell it starts, is not read.
 */
export function firejail(argv: readonly Word[]): Unwrapped {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.kind === 'dynamic') return unresolved(`cannot tell where the command starts: ${w.text} is only known at run time`);
    if (w.text === '--') return argv.length > i + 1 ? { kind: 'exec', inner: argv.slice(i + 1) } : SHELL;
    if (!w.text.startsWith('-')) return { kind: 'exec', inner: argv.slice(i) };
    const name = w.text.split('=', 1)[0]!;
    if (!name.startsWith('--') || name === '--shell' || name === '--appimage') return unresolved(`firejail ${name} is an option whose effect on the command is not known`);
    if (HELP.has(name) || /^--(?:list|tree|top|netstats|version|debug-\w+)$/.test(name)) return { kind: 'none' };
  }
  return SHELL;
}

const TORSOCKS = spec('-u --user -p --pass -a --address -P --port');
const TORSOCKS_FLAGS = names('-i --isolate -d --debug -q --quiet -h --help --version --shell');
export function torsocks(argv: readonly Word[]): Unwrapped {
  const first = argv[1];
  // `. torsocks on` / `off` / `show` set up the calling shell; they run nothing
  if (first?.kind === 'literal' && ['on', 'off', 'show'].includes(first.text)) return { kind: 'none' };
  const result = strictAfterOptions(argv, TORSOCKS, TORSOCKS_FLAGS, 'torsocks', { noRun: names('-h --help --version') });
  return result.kind === 'none' && argv.some((w) => w.text === '--shell') ? SHELL : result;
}

export const cgexec = (argv: readonly Word[]): Unwrapped => strictAfterOptions(argv, spec('-g'), names('--sticky -b -r -h'), 'cgexec', { noRun: names('-h') });

/** Whether `word` names `full` as iproute2 reads it: any prefix of at least `min` letters. */
const ipMatches = (word: string, full: string, min: number): boolean => word.length >= min && full.startsWith(word);
/** ip's options that take a value (`-n NAME`, `-l 3`, `-f inet`, `-rc 1024`), by the prefix each is matched from. */
const IP_VALUE_OPTIONS: readonly [string, number][] = [['-netns', 2], ['-loops', 2], ['-family', 2], ['-rcvbuf', 3]];

/** `ip [opts] netns exec NAME cmd…` (any abbreviation: `ip net e NAME cmd`), `ip -all netns exec cmd…`; ip runs nothing else. */
export function ipNetnsExec(argv: readonly Word[]): Unwrapped {
  let i = 1;
  let all = false;
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.kind === 'dynamic') return unresolved(`cannot tell what ip does: ${w.text} is only known at run time`);
    const t = w.text.replace(/^--/, '-');
    if (!t.startsWith('-')) break;
    if (IP_VALUE_OPTIONS.some(([name, min]) => ipMatches(t, name, min))) i++;
    else if (ipMatches(t, '-batch', 2)) return unresolved('ip -batch reads its commands from a file or its input');
    else if (ipMatches(t, '-all', 2)) all = true;
  }
  const object = argv[i];
  const sub = argv[i + 1];
  if (object === undefined || !ipMatches(object.text, 'netns', 3)) return { kind: 'none' };
  if (sub?.kind === 'dynamic') return dynamicStart(sub);
  if (sub === undefined || !ipMatches(sub.text, 'exec', 1)) return { kind: 'none' };
  return afterOptions(argv, spec(''), all ? 0 : 1, i + 2);
}

// runit's chpst: getopt "+u:U:b:e:m:d:o:p:f:c:r:t:/:n:l:L:vP012V"
export const chpst = (argv: readonly Word[]): Unwrapped =>
  strictAfterOptions(argv, spec('-u -U -b -e -m -d -o -p -f -c -r -t -/ -n -l -L'), names('-v -P -0 -1 -2 -V'), 'chpst', { noRun: names('-V') });

const NUMACTL = spec('-i --interleave -N --cpunodebind -C --physcpubind -m --membind -p --preferred -P --preferred-many -w --weighted-interleave');
export const numactl = (argv: readonly Word[]): Unwrapped =>
  strictAfterOptions(argv, NUMACTL, names('-a --all -b --balancing -l --localalloc -H --hardware -s --show -h --help -V --version'), 'numactl', { noRun: names('-H --hardware -s --show -h --help -V --version') });

/** prlimit's resource options take their limits attached (`-n10`, `--nofile=10`); -p/--pid acts on a running process. */
const PRLIMIT_RESOURCES = /^(?:-[cdefilmnqrstuvxy].*|--(?:core|data|nice|fsize|sigpending|memlock|rss|nofile|msgqueue|rtprio|stack|cpu|nproc|as|locks|rttime)(?:=.*)?)$/;
export function prlimit(argv: readonly Word[]): Unwrapped {
  // Resource options are dropped only before the command: its own words (`rm -rf /`) are its own.
  let end = 1;
  while (end < argv.length && argv[end]!.kind === 'literal' && argv[end]!.text.startsWith('-') && argv[end]!.text !== '--') end += /^(?:-p|--pid|-o|--output)$/.test(argv[end]!.text) ? 2 : 1;
  const plain = argv.filter((w, i) => i === 0 || i >= end || !(w.kind === 'literal' && PRLIMIT_RESOURCES.test(w.text)));
  const result = strictAfterOptions(plain, spec('-p --pid -o --output'), names('--noheadings --raw --verbose -h --help -V --version'), 'prlimit', { noRun: HELP });
  return result.kind === 'exec' && scanOptions(plain, 1, spec('-p --pid -o --output')).options.has('--pid') ? { kind: 'none' } : result;
}

const SSH_AGENT = spec('-a -E -O -P -t');
export const sshAgent = (argv: readonly Word[]): Unwrapped => strictAfterOptions(argv, SSH_AGENT, names('-c -s -D -d -k'), 'ssh-agent', { noRun: names('-k') });

/** dbus-run-session [--config-file=F] [--dbus-daemon=BINARY] [--] PROGRAM…: --dbus-daemon starts a program of its own. */
export function dbusRunSession(argv: readonly Word[]): Unwrapped {
  const s = spec('--config-file --dbus-daemon');
  if (scanOptions(argv, 1, s).options.has('--dbus-daemon')) return unresolved('dbus-run-session --dbus-daemon starts a program of its choosing');
  return strictAfterOptions(argv, s, names('-h --help --version'), 'dbus-run-session', { noRun: names('-h --help --version') });
}
