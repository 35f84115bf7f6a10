// Programs Warden does not know may run their arguments as a command: `op run -- git push --force`,
// `watchexec -- rm -rf /`, `concurrently "git push --force"`. No list of wrappers is ever complete,
// so for a program that is neither a known wrapper nor known to take only data, the places where a
// command could start in its words are found: a word naming a program some rule denies or holds
// (followed by the words after it), or a word of shell code that starts with one. The engine judges
// each; one a rule would block or hold makes the line unresolved (see engine.ts).
import type { Role } from '../policy/policy.js';
import { compilePattern } from '../policy/command-pattern.js';
import { hasGlobChars } from '../policy/glob.js';
import type { RulePack } from '../rules/rule-pack.js';
import type { Profile } from '../rules/settings.js';
import { binaryName } from '../shell/binary-name.js';
import { readsOwnCode } from '../shell/embedded-commands.js';
import { SHELLS } from '../shell/script-runners.js';
import { TOOL_SPECS } from '../shell/tool-specs.js';
import type { AnalysedCommand } from '../shell/types.js';
import { wrapperFor } from '../shell/wrappers.js';
import { quoteWord } from '../shell/quote-word.js';

/**
 * Programs whose arguments are data (text, names, paths, URLs). Those among them that can run a
 * command (sed's `e`, `man -P`, `tar -F`) have it read by the shell analysis itself.
 */
const DATA_PROGRAMS = new Set(`
  echo printf man info tldr which whereis whatis apropos type help hash command-not-found
  grep egrep fgrep rg ag ack cat bat less more most head tail wc sort uniq cut tr tee nl fold fmt column paste join
  diff cmp comm patch ls tree stat file touch mkdir rmdir cp mv ln install chmod chown chgrp test [ true false
  basename dirname realpath readlink pwd cd pushd popd export declare typeset local readonly unset set shopt read
  alias unalias history complete compgen apt apt-get apt-cache dpkg rpm yum dnf apk pacman port snap flatpak
  pip pip3 gem cargo go rustup gh glab jq yq xq sed awk gawk mawk nawk perl-rename rename
  curl wget http https xh aria2c ssh-keygen ssh-add gpg openssl base64 base32 xxd od hexdump strings md5sum sha1sum
  sha256sum sha512sum b2sum cksum date cal sleep kill pkill pgrep killall ps top htop lsof df du free uname hostname
  id whoami groups uptime tar zip unzip gzip gunzip bzip2 xz zstd 7z code cursor subl open xdg-open notify-send say
  logger git-lfs hg svn find locate systemctl service journalctl
`.split(/\s+/).filter(Boolean));

/** Words of a program's argv read as possible commands, at most: each is judged like a line of its own. */
export const MAX_POSSIBLE_COMMANDS = 16;
/** The longest of them judged again; a longer one is unresolved. */
export const MAX_POSSIBLE_LENGTH = 4_096;

export interface ProgramsOfInterest {
  has(binary: string): boolean;
}

const cache = new WeakMap<Role, Map<string, ProgramsOfInterest>>();

/**
 * Programs worth a look where an unknown program's words name them: those a role's rule denies or
 * holds, those a blocking or holding pack rule can match, and the wrappers and shells that run others.
 */
export function programsOfInterest(role: Role, pack: RulePack | null, profile: Profile): ProgramsOfInterest {
  let byProfile = cache.get(role);
  if (!byProfile) cache.set(role, (byProfile = new Map<string, ProgramsOfInterest>()));
  const known = byProfile.get(profile);
  if (known) return known;
  const exact = new Set<string>(SHELLS);
  for (const rule of role.commands) {
    if (rule.action === 'allow' || rule.pattern.includes('{{')) continue;
    const binary = compilePattern(rule.pattern).binary;
    if (!hasGlobChars(binary)) exact.add(binary);
  }
  const programs = pack?.strictCommandPrograms(profile) ?? { exact: new Set<string>(), prefixes: [] };
  for (const b of programs.exact) exact.add(b);
  const prefixes = programs.prefixes;
  const interest: ProgramsOfInterest = {
    has: (binary) => exact.has(binary) || wrapperFor(binary) !== undefined || prefixes.some((p) => binary.startsWith(p)),
  };
  byProfile.set(profile, interest);
  return interest;
}

/** Whether a program is one whose words are never searched for commands. */
function knownProgram(binary: string): boolean {
  return DATA_PROGRAMS.has(binary) || wrapperFor(binary) !== undefined || Object.hasOwn(TOOL_SPECS, binary);
}

/** Characters that end a token of text that may hold shell code (`.shell git push`, `EXEC:git push`, `(shell-command "git push")`). */
const TOKEN = /[^\s"'`()[\]{};|&<>:,=!]+/g;
const QUOTES = '"\'`';

/**
 * Places in a word of text with blanks in it where a command of interest could start: each token
 * naming such a program, to the end of the word or to the quote that opened it. Every token is
 * looked at: the program a place starts may take what follows as data (`do shell script "git …"`).
 */
function codeStarts(text: string, interest: ProgramsOfInterest, out: string[]): void {
  if (!/\s/.test(text)) return;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null && out.length <= MAX_POSSIBLE_COMMANDS; m = TOKEN.exec(text)) {
    if (!interest.has(binaryName(m[0]))) continue;
    const before = m.index > 0 ? text.charAt(m.index - 1) : '';
    const close = before !== '' && QUOTES.includes(before) ? text.indexOf(before, m.index) : -1;
    const candidate = text.slice(m.index, close === -1 ? undefined : close);
    if (!out.includes(candidate)) out.push(candidate);
  }
}

/**
 * Command lines an unknown program's words might run, for the engine to judge; none for known
 * programs. One more than MAX_POSSIBLE_COMMANDS means there are more places than are judged.
 */
export function possibleCommands(command: AnalysedCommand, interest: ProgramsOfInterest): string[] {
  const binary = command.binary;
  if (binary === null || command.unresolved !== null || knownProgram(binary)) return [];
  const argv = command.argv;
  const readsCode = readsOwnCode(binary);
  const out: string[] = [];
  for (let i = 1; i < argv.length && out.length <= MAX_POSSIBLE_COMMANDS; i++) {
    const w = argv[i]!;
    if (w.kind !== 'literal') continue;
    const name = w.text.startsWith('-') ? '' : binaryName(w.text);
    if (name !== '' && interest.has(name)) {
      // A shell or wrapper as the last word runs nothing a rule can name (`tool env --shell bash`).
      if (i === argv.length - 1 && (SHELLS.has(name) || wrapperFor(name) !== undefined)) continue;
      out.push(argv.slice(i).map((x) => (x.kind === 'literal' ? quoteWord(x.text) : x.text)).join(' '));
      continue;
    }
    // Code an interpreter's own reader has read (python -c, awk, vim -c) is not searched again.
    if (!readsCode) codeStarts(w.text, interest, out);
  }
  return out.slice(0, MAX_POSSIBLE_COMMANDS + 1);
}
