// Commands hidden in option values and settings: git config keys that hold commands
// (`git -c alias.p='push -f' p`, `git -c core.pager='…' log`), `git rebase -x`, `git submodule
// foreach`, `ssh -o ProxyCommand=…`, `rsync -e`, `tar --to-command`, `man -P`, `zip -TT`, apt and
// dpkg hooks (`-o APT::Update::Pre-Invoke::=…`, `--pre-invoke=…`), and environment variables
// programs run as commands (`GIT_SSH_COMMAND=…`, `PAGER=…`). A git alias used on the line runs
// with the words that follow it; a git subcommand git does not know may be an alias not seen here.
import { scanOptions, spec } from './options.js';
import { GIT_COMMANDS, PUSH_REFSPEC_KEY } from './specs/git.js';
import { inlineCodeCommands, readsInlineCode } from './inline-code.js';
import { programScripts, readsProgramScripts } from './program-scripts.js';
import { sedCommands } from './sed-script.js';
import { toolSpec } from './tool-specs.js';
import { literal, type Word } from './types.js';
import { quoteWord } from './quote-word.js';

/** One command found inside another command's words: shell code, an argv, or a file of shell code. */
export type Embedded =
  | { readonly kind: 'script'; readonly label: string; readonly text: string }
  | { readonly kind: 'exec'; readonly label: string; readonly argv: readonly Word[] }
  | { readonly kind: 'file'; readonly label: string; readonly path: string }
  | { readonly kind: 'unresolved'; readonly label: string; readonly reason: string };

/** Environment variables naming a file every shell started with them reads first. */
const STARTUP_FILE_VARIABLES = new Set(['BASH_ENV', 'ENV']);

/** Environment variables whose value programs run as a command. */
const COMMAND_VARIABLES = new Set([
  'GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS',
  'GIT_PROXY_COMMAND', 'SSH_ASKPASS', 'SUDO_ASKPASS', 'PAGER', 'MANPAGER', 'SYSTEMD_PAGER', 'EDITOR', 'VISUAL',
  'BROWSER', 'LESSOPEN', 'LESSCLOSE', 'PROMPT_COMMAND',
]);

/** git configuration keys (lower case, `*` for a subsection or name) whose value git runs. */
const GIT_COMMAND_KEYS = [
  'alias.*', 'core.pager', 'core.editor', 'core.sshcommand', 'core.fsmonitor', 'core.askpass', 'core.gitproxy',
  'sequence.editor', 'pager.*', 'diff.external', 'diff.*.textconv', 'diff.*.command', 'filter.*.clean',
  'filter.*.smudge', 'filter.*.process', 'merge.*.driver', 'credential.helper', 'credential.*.helper', 'gpg.program',
  'gpg.*.program', 'difftool.*.cmd', 'mergetool.*.cmd', 'uploadpack.packobjectshook', 'remote.*.receivepack',
  'remote.*.uploadpack', 'sendemail.tocmd', 'sendemail.cccmd', 'sendemail.sendmailcmd', 'browser.*.cmd', 'man.*.cmd',
].map((k) => new RegExp(`^${k.replace(/\./g, '\\.').replace(/\*/g, '.+')}$`));

/** Environment variables that hand git settings (aliases among them) to every git run with them. */
const GIT_CONFIG_VARIABLE = /^GIT_CONFIG_(PARAMETERS|COUNT|KEY_\d+|VALUE_\d+)$/;

/** An assignment `NAME=value` whose value is a command: the command it runs. */
export function assignedCommand(name: string, value: Word): Embedded | null {
  if (GIT_CONFIG_VARIABLE.test(name)) {
    return { kind: 'unresolved', label: `$${name}`, reason: `${name} gives git settings, which may define aliases or commands git runs; they are not followed` };
  }
  if (STARTUP_FILE_VARIABLES.has(name) && value.kind === 'literal') return { kind: 'file', label: `$${name}`, path: value.text };
  if (!COMMAND_VARIABLES.has(name)) return null;
  const label = `$${name}`;
  if (value.kind === 'dynamic') return { kind: 'unresolved', label, reason: `${name} is set to a command known only at run time (${value.text})` };
  return { kind: 'script', label, text: value.text.replace(/^\|+/, '') };
}

function gitSetting(key: string, value: Word | undefined, label: string): Embedded | null {
  const lower = key.toLowerCase();
  if (!GIT_COMMAND_KEYS.some((re) => re.test(lower))) return null;
  if (value === undefined || value.kind === 'dynamic') {
    return { kind: 'unresolved', label, reason: `git setting ${key} holds a command known only at run time` };
  }
  const text = value.text;
  if (lower.startsWith('alias.')) return { kind: 'script', label, text: text.startsWith('!') ? text.slice(1) : `git ${text}` };
  return { kind: 'script', label, text };
}

/** A push refspec setting: one starting with `+` forces every push that uses it. */
function pushSetting(key: string, value: Word | undefined, label: string): Embedded | null {
  if (!PUSH_REFSPEC_KEY.test(key)) return null;
  if (value === undefined || value.kind === 'dynamic') return { kind: 'unresolved', label, reason: `git setting ${key} is known only at run time: the push may be forced` };
  return value.text.startsWith('+') ? { kind: 'script', label, text: 'git push --force' } : null;
}

/** `key=value` as given to `git -c` or `git clone --config`. */
function gitAssignment(word: Word | null, label: string): Embedded | null {
  if (!word) return null;
  if (word.kind === 'dynamic') return { kind: 'unresolved', label, reason: `git -c ${word.text} is known only at run time` };
  const eq = word.text.indexOf('=');
  const key = eq === -1 ? word.text : word.text.slice(0, eq);
  return gitSetting(key, eq === -1 ? { kind: 'literal', text: 'true' } : { kind: 'literal', text: word.text.slice(eq + 1) }, label);
}

const GIT_SUBCOMMAND_SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  rebase: ['-x', '--exec'],
  'filter-branch': ['--tree-filter', '--index-filter', '--msg-filter', '--env-filter', '--commit-filter', '--parent-filter', '--tag-name-filter'],
  difftool: ['-x', '--extcmd'],
};

function git(argv: readonly Word[]): Embedded[] {
  const out: Embedded[] = [];
  const global = scanOptions(argv, 1, { withValue: toolSpec('git')!.valueOptions });
  /** Aliases given with `-c alias.NAME=VALUE`: lower-case name → value. */
  const aliases = new Map<string, string>();
  for (const [name, value] of global.all) {
    if (name === '-c') {
      out.push(...[gitAssignment(value, 'git -c')].filter((e) => e !== null));
      const alias = value?.kind === 'literal' ? ALIAS_SETTING.exec(value.text) : null;
      if (alias) aliases.set(alias[1]!.toLowerCase(), alias[2]!);
    }
    if (name === '--config-env' && value) {
      const key = value.text.split('=')[0] ?? '';
      out.push(...[pushSetting(key, undefined, 'git --config-env') ?? gitSetting(key, undefined, 'git --config-env')].filter((e) => e !== null));
    }
  }
  const sub = argv[global.next];
  if (!sub || sub.kind === 'dynamic') return out;
  const rest = argv.slice(global.next + 1);
  // `Push` finds no alias but `alias.push`, one named after a git command (which git otherwise ignores)
  if (!GIT_COMMANDS.has(sub.text.toLowerCase())) return [...out, aliasRun(argv.slice(0, global.next), sub.text, rest, aliases.get(sub.text.toLowerCase()))];
  const label = `git ${sub.text}`;
  const scriptOptions = GIT_SUBCOMMAND_SCRIPTS[sub.text] ?? (sub.text === 'clone' ? ['-c', '--config'] : []);
  if (scriptOptions.length) {
    const withValue = new Set(scriptOptions);
    const scanned = scanOptions([sub, ...rest], 1, spec([...withValue].join(' '), false, { permute: true }));
    for (const [name, value] of scanned.all) {
      if (!withValue.has(name) || !value) continue;
      const found = sub.text === 'clone' ? gitAssignment(value, label) : value.kind === 'literal' ? { kind: 'script' as const, label, text: value.text } : { kind: 'unresolved' as const, label, reason: `${label} ${name} runs a command known only at run time` };
      if (found) out.push(found);
    }
  }
  const operands = rest.filter((w) => !(w.kind === 'literal' && w.text.startsWith('-')));
  if (sub.text === 'submodule' && operands[0]?.text === 'foreach') out.push(joined(label, rest.slice(rest.indexOf(operands[0]) + 1).filter((w) => w.text !== '--recursive')));
  if (sub.text === 'bisect' && operands[0]?.text === 'run') out.push({ kind: 'exec', label, argv: rest.slice(rest.indexOf(operands[0]) + 1) });
  if (sub.text === 'config') {
    const values = operands[0]?.text === 'set' ? operands.slice(1) : operands;
    if (values.length >= 2 && values[0]!.kind === 'literal') {
      out.push(...[gitSetting(values[0]!.text, values[1], 'git config'), pushSetting(values[0]!.text, values[1], 'git config')].filter((e) => e !== null));
    }
  }
  return out;
}

const ALIAS_SETTING = /^alias\.([^=]+)=(.*)$/is;

/**
 * `git NAME args…` where NAME is no git command: an alias, run with the words after it. `before` is
 * `git` and its global options; `value` is the alias given with `-c`, if it was.
 */
function aliasRun(before: readonly Word[], name: string, rest: readonly Word[], value: string | undefined): Embedded {
  const label = `git ${name}`;
  if (value === undefined) return { kind: 'unresolved', label, reason: `${name} is not a git command: it may be an alias in git's settings` };
  // git runs `sh -c 'VALUE "$@"'` with the words after the alias as arguments
  if (value.startsWith('!')) return { kind: 'script', label, text: [value.slice(1), ...rest.map(shellWord)].join(' ') };
  const words = aliasWords(value);
  if (words === null) return { kind: 'unresolved', label, reason: `alias ${name} could not be split into words` };
  return { kind: 'exec', label, argv: [...withoutAliases(before), ...words.map(literal), ...rest] };
}

/**
 * `git` and its global options less the aliases given with -c: an alias is expanded once, and one
 * it expands to is left unresolved (git allows chains, but a loop must not be followed for ever).
 */
function withoutAliases(before: readonly Word[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    const next = before[i + 1];
    if (w.text === '-c' && next?.kind === 'literal' && ALIAS_SETTING.test(next.text)) i++;
    else if (w.kind !== 'literal' || !w.text.startsWith('-c') || !ALIAS_SETTING.test(w.text.slice(2))) out.push(w);
  }
  return out;
}

/** An alias value split into words as git splits it: blanks between words, quotes and backslashes. */
function aliasWords(text: string): string[] | null {
  const out: string[] = [];
  let word: string | null = null;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === '' && /\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
      continue;
    }
    word ??= '';
    if (c === '\\' && quote !== "'") word += text.charAt(++i);
    else if (quote === '' && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = '';
    else word += c;
  }
  if (quote !== '') return null; // git refuses an unclosed quote
  if (word !== null) out.push(word);
  return out;
}

/** A word as shell code that gives it back: literal words quoted, words known at run time as written. */
const shellWord = (w: Word): string => (w.kind === 'dynamic' ? w.text : quoteWord(w.text));

function joined(label: string, words: readonly Word[]): Embedded {
  if (words.some((w) => w.kind === 'dynamic')) return { kind: 'unresolved', label, reason: `${label} runs a command known only at run time` };
  return { kind: 'script', label, text: words.map((w) => w.text).join(' ') };
}

const SSH_COMMAND_OPTIONS = /^(proxycommand|localcommand|remotecommand|knownhostscommand)[\s=]+(.*)$/is;

function optionScripts(argv: readonly Word[], label: string, names: ReadonlySet<string>, valueOf: (name: string, v: Word) => string | null): Embedded[] {
  const out: Embedded[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.kind === 'dynamic') continue;
    const eq = w.text.indexOf('=');
    const long = w.text.startsWith('--') && eq !== -1;
    // An option named whole (`-o`, `--rsh`, zip's `-TT`) takes the next word; `-ocmd` and `--rsh=cmd` carry theirs.
    const whole = names.has(w.text);
    const name = whole ? w.text : long ? w.text.slice(0, eq) : w.text.slice(0, 2);
    if (!names.has(name)) continue;
    const attached = whole ? null : long ? w.text.slice(eq + 1) : w.text.slice(2);
    const value: Word | undefined = attached !== null ? { kind: 'literal', text: attached } : argv[++i];
    if (!value) continue;
    if (value.kind === 'dynamic') { out.push({ kind: 'unresolved', label, reason: `${label} ${name} runs a command known only at run time` }); continue; }
    const text = valueOf(name, value);
    if (text !== null) out.push({ kind: 'script', label, text });
  }
  return out;
}

const sshOption = (_: string, v: Word): string | null => {
  const m = SSH_COMMAND_OPTIONS.exec(v.text);
  return m && m[2]!.toLowerCase() !== 'none' ? m[2]! : null;
};
/** apt configuration keys whose value is a command run around the operation (`APT::Update::Pre-Invoke::=cmd`). */
const APT_HOOK = /(?:Pre|Post)-Invoke(?:-Success)?|Pre-Install-Pkgs/i;
const aptHook = (_: string, v: Word): string | null => {
  const eq = v.text.indexOf('=');
  return eq !== -1 && APT_HOOK.test(v.text.slice(0, eq)) ? v.text.slice(eq + 1) : null;
};

const tarOption = (name: string, v: Word): string | null =>
  name === '--checkpoint-action' ? (v.text.startsWith('exec=') ? v.text.slice(5) : null) : v.text;

/** Programs whose options or code are read for the commands they hide (by embeddedCommands). */
const READ_HERE = new Set(['git', 'ssh', 'scp', 'sftp', 'rsync', 'tar', 'sed']);

/** Whether the commands a program's own words hide are read here: they need no other search. */
export const readsOwnCode = (binary: string): boolean => READ_HERE.has(binary) || readsProgramScripts(binary) || readsInlineCode(binary);

/** Every command hidden in the options or settings of `argv` (whose program is `binary`). */
export function embeddedCommands(binary: string, argv: readonly Word[]): Embedded[] {
  switch (binary) {
    case 'git': return git(argv);
    case 'ssh': case 'scp': case 'sftp': return optionScripts(argv, `${binary} -o`, new Set(['-o']), sshOption);
    case 'rsync': return optionScripts(argv, 'rsync -e', new Set(['-e', '--rsh', '--rsync-path']), (_, v) => v.text);
    case 'sed': return sedCommands(argv);
    case 'man': return optionScripts(argv, 'man -P', new Set(['-P', '--pager']), (_, v) => v.text);
    case 'zip': return optionScripts(argv, 'zip -TT', new Set(['-TT', '--unzip-command']), (_, v) => v.text);
    case 'apt': case 'apt-get': case 'aptitude': case 'apt-cache': return optionScripts(argv, `${binary} -o`, new Set(['-o', '--option']), aptHook);
    case 'dpkg': return optionScripts(argv, 'dpkg --pre-invoke', new Set(['--pre-invoke', '--post-invoke']), (_, v) => v.text);
    case 'tar': return optionScripts(argv, 'tar', new Set(['--to-command', '-I', '--use-compress-program', '--checkpoint-action', '-F', '--info-script', '--new-volume-script']), tarOption);
    default: return programScripts(binary, argv) ?? inlineCodeCommands(binary, argv);
  }
}
