// Wrappers whose inner command is shell code or comes from somewhere other than their own words:
// shells, `source`, `su -c`, `ssh host cmd`, `flock f -c`, `script -c`, `watch`, `xargs`, `trap` (`parallel` has its own file).
import { names, scanOptions, spec } from './options.js';
import type { Word } from './types.js';
import { afterOptions, dynamicStart, type Unwrapped } from './unwrapped.js';

export const SHELLS = new Set([
  'sh', 'bash', 'rbash', 'zsh', 'dash', 'ksh', 'mksh', 'oksh', 'pdksh', 'ash', 'hush', 'yash', 'posh', 'fish',
  'csh', 'tcsh',
]);

/** Paths that name a process's own standard input. */
export const STDIN_PATHS = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** Paths that name another of a process's open descriptors, whose content is not followed. */
export const DESCRIPTOR_PATH = /^\/(?:dev|proc\/self)\/fd\/\d+$/;

const SHELL_OPTIONS = spec('-o -O --rcfile --init-file', false, { plus: true });

export function shell(argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, SHELL_OPTIONS);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const first = argv[scanned.next];
  if (scanned.options.has('-c')) {
    return first ? { kind: 'script', script: [first] } : { kind: 'unresolved', reason: 'shell -c without a script' };
  }
  if (scanned.options.has('-s') || !first) return { kind: 'stdin' };
  return { kind: 'source', file: first }; // a file, or standard input when it is `-` or /dev/stdin
}

/** `source FILE`, `. FILE` (a leading `--` ends options, as for every bash builtin). */
export function source(argv: readonly Word[]): Unwrapped {
  const first = argv[1]?.kind === 'literal' && argv[1].text === '--' ? argv[2] : argv[1];
  return first ? { kind: 'source', file: first } : { kind: 'none' };
}

/** `eval words…`: the words joined are shell code (a leading `--` ends options). */
export function evalWords(argv: readonly Word[]): Unwrapped {
  const words = argv[1]?.kind === 'literal' && argv[1].text === '--' ? argv.slice(2) : argv.slice(1);
  return words.length ? { kind: 'script', script: words } : { kind: 'none' };
}

/** su and runuser: GNU getopt permutes, so `su root -c cmd` works as well as `su -c cmd root`. */
export function su(argv: readonly Word[]): Unwrapped {
  const s = spec('-c --command --session-command -s --shell -g --group -G --supp-group -u --user -w --whitelist-environment', false, { permute: true });
  const scanned = scanOptions(argv, 1, s);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  for (const name of ['-c', '--command', '--session-command']) {
    const value = scanned.options.get(name);
    if (value) return { kind: 'script', script: [value] };
  }
  const operands = scanned.positionals.filter((w) => !(w.kind === 'literal' && w.text === '-'));
  const user = scanned.options.has('-u') || scanned.options.has('--user') ? 0 : 1;
  const inner = operands.slice(user);
  return inner.length ? { kind: 'exec', inner } : { kind: 'none' };
}

const SSH_OPTIONS = spec('-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w -B');

/** ssh parses options again after the host, then runs the rest on the remote shell. */
export function ssh(argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, SSH_OPTIONS);
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const again = scanOptions(argv, scanned.next + 1, SSH_OPTIONS);
  if (again.problem) return { kind: 'unresolved', reason: again.problem };
  const remote = argv.slice(again.next);
  return remote.length ? { kind: 'script', script: remote } : { kind: 'none' };
}

/** `flock [opts] FILE cmd…` or `flock [opts] FILE -c cmd`. */
export function flock(argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, spec('-w --timeout -E --conflict-exit-code'));
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const afterFile = scanned.next + 1;
  const next = argv[afterFile];
  if (next?.kind === 'dynamic' && next.split) return dynamicStart(next);
  if (next && (next.text === '-c' || next.text === '--command')) {
    const script = argv[afterFile + 1];
    return script ? { kind: 'script', script: [script] } : { kind: 'none' };
  }
  const inner = argv.slice(afterFile);
  return inner.length ? { kind: 'exec', inner } : { kind: 'none' };
}

// util-linux script's getopt string "aB:c:eE:fI:O:o:qm:T:t::Vh" (`-t[FILE]` takes its value only when attached)
const SCRIPT_LINUX = spec('-B -c -E -I -m -O -o -T --command --echo --log-in --log-io --log-out --log-timing --logging-format --output-limit', false, {
  permute: true,
  longFlags: names('--append --flush --force --help --quiet --return --timing --version'),
});

/**
 * `script [opts] [file]` records a shell session. util-linux permutes its options and runs `-c CMD` in a
 * shell (`script /dev/null -c cmd`); BSD and macOS script run the words after the file
 * (`script -q /dev/null cmd…`). With neither, the shell reads its commands from standard input.
 */
export function typescript(argv: readonly Word[]): Unwrapped {
  const linux = scanOptions(argv, 1, SCRIPT_LINUX);
  if (linux.problem) return { kind: 'unresolved', reason: linux.problem };
  const command = linux.options.get('-c') ?? linux.options.get('--command');
  if (command) {
    return linux.positionals.length > 1
      ? { kind: 'unresolved', reason: 'script -c with words after the file: util-linux runs the -c command, BSD script the words' }
      : { kind: 'script', script: [command] };
  }
  const bsd = afterOptions(argv, spec('-t -T'), 1);
  return bsd.kind === 'none' ? { kind: 'stdin' } : bsd;
}

/** xargs appends words read from its input, or with -I puts them where the replace string stands. */
export function xargs(argv: readonly Word[]): Unwrapped {
  // GNU and BSD options with values (-J, -R and -S are BSD's)
  const s = spec('-I -J -R -S -n -P -L -s -d -E -a --arg-file --max-args --max-procs --replace --delimiter --max-lines --max-chars --eof --process-slot-var');
  const scanned = scanOptions(argv, 1, s);
  const unwrapped = afterOptions(argv, s);
  const replace = scanned.options.get('-I') ?? scanned.options.get('--replace') ?? (scanned.options.has('-i') ? { kind: 'literal', text: '{}' } : undefined);
  const extra: Word = { kind: 'dynamic', text: '<input>', split: true };
  if (unwrapped.kind === 'none') return { kind: 'exec', inner: [{ kind: 'literal', text: 'echo' }, extra] };
  if (unwrapped.kind !== 'exec') return unwrapped;
  if (!replace) return { kind: 'exec', inner: [...unwrapped.inner, extra] };
  if (replace.kind === 'dynamic') return { kind: 'unresolved', reason: `xargs replaces ${replace.text}, known only at run time` };
  const inner = unwrapped.inner.map((w): Word => (w.kind === 'literal' && w.text.includes(replace.text) ? { kind: 'dynamic', text: w.text, split: false } : w));
  return { kind: 'exec', inner };
}

export function watch(argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, spec('-n --interval -q --equexit'));
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const rest = argv.slice(scanned.next);
  if (rest.length === 0) return { kind: 'none' };
  return scanned.options.has('-x') || scanned.options.has('--exec') ? { kind: 'exec', inner: rest } : { kind: 'script', script: rest };
}

/** `trap 'cmd' EXIT`: the handler is shell code run later; `trap - EXIT` and `trap -p` run nothing. */
export function trap(argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, spec(''));
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const handler = argv[scanned.next];
  if (!handler || scanned.options.has('-p') || scanned.options.has('-l') || argv.length - scanned.next < 2) return { kind: 'none' };
  if (handler.kind === 'literal' && (handler.text === '-' || handler.text === '')) return { kind: 'none' };
  return { kind: 'script', script: [handler] };
}

/** `coproc cmd…` or `coproc NAME { …; }` (the grammar gives the braces as words). */
export function coproc(argv: readonly Word[]): Unwrapped {
  let inner = argv.slice(1);
  if (inner[1]?.text === '{' || inner[1]?.text === '(') inner = inner.slice(1);
  if (inner[0]?.text === '{' || inner[0]?.text === '(') inner = inner.slice(1);
  return inner.length ? { kind: 'exec', inner } : { kind: 'none' };
}

/** `cmd /c …` and `powershell -Command …` (Windows shells reached from WSL): the script is their code. */
export function windowsShell(argv: readonly Word[]): Unwrapped {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.kind === 'dynamic') return dynamicStart(w);
    const flag = w.text.toLowerCase();
    // cmd takes /c and /k; PowerShell takes -Command or any prefix of it, and -c
    if (flag === '/c' || flag === '/k' || (flag.length > 1 && '-command'.startsWith(flag))) {
      const script = argv.slice(i + 1);
      return script.length ? { kind: 'script', script } : { kind: 'stdin' };
    }
  }
  return { kind: 'none' };
}

/** tmux subcommands that run a shell command given as their last words, with their value options. */
const TMUX_RUNS: Readonly<Record<string, string>> = {
  'new-session': '-c -e -F -f -n -s -t -x -y', new: '-c -e -F -f -n -s -t -x -y',
  'new-window': '-c -e -F -n -t', neww: '-c -e -F -n -t',
  'split-window': '-c -e -F -l -p -t', splitw: '-c -e -F -l -p -t',
  'respawn-pane': '-c -e -t', respawnp: '-c -e -t', 'respawn-window': '-c -e -t', respawnw: '-c -e -t',
  'run-shell': '-c -d -t', run: '-c -d -t',
  'display-popup': '-b -c -d -e -h -s -S -t -T -w -x -y', popup: '-b -c -d -e -h -s -S -t -T -w -x -y',
};

/** `tmux new -d 'cmd'`, `tmux run-shell 'cmd'`, `tmux send-keys 'cmd' Enter`, `tmux -c 'cmd'`. */
export function tmux(argv: readonly Word[]): Unwrapped {
  const global = scanOptions(argv, 1, spec('-c -f -L -S -T'));
  if (global.problem) return { kind: 'unresolved', reason: global.problem };
  const command = global.options.get('-c');
  if (command) return { kind: 'script', script: [command] };
  const sub = argv[global.next];
  if (!sub || sub.kind === 'dynamic') return sub ? dynamicStart(sub) : { kind: 'none' };
  if (sub.text === 'send-keys' || sub.text === 'send') {
    // keys typed into the pane's shell: Enter (C-m) ends a line
    const scanned = scanOptions(argv, global.next + 1, spec('-t -N'));
    const keys = argv.slice(scanned.next).map((w): Word => (w.kind === 'literal' && /^(Enter|C-m|KPEnter)$/.test(w.text) ? { kind: 'literal', text: '\n' } : w));
    return keys.length ? { kind: 'script', script: keys } : { kind: 'none' };
  }
  const values = TMUX_RUNS[sub.text];
  if (values === undefined) return { kind: 'none' };
  const scanned = scanOptions(argv, global.next + 1, spec(values));
  if (scanned.problem) return { kind: 'unresolved', reason: scanned.problem };
  const script = argv.slice(scanned.next);
  return script.length ? { kind: 'script', script } : { kind: 'none' };
}
