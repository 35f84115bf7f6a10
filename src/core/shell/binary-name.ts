// The name a command word runs, as rules see it. Spellings that reach the same program on some
// system are one name: `/usr/bin/git`, `GIT` (case-insensitive file systems: macOS, Windows),
// `git.exe` (Windows programs from WSL), `=git` (zsh equals expansion), `grm` (GNU tools
// installed with a `g` prefix, as Homebrew does).

import { lastSlash } from './last-slash.js';

/** GNU tools that package managers install as `g<name>` beside the system's own. */
const G_PREFIXED = new Set([
  'base64', 'cat', 'chmod', 'chown', 'chroot', 'cp', 'date', 'dd', 'env', 'find', 'grep', 'head', 'install',
  'kill', 'ln', 'ls', 'mkdir', 'mv', 'nice', 'nohup', 'readlink', 'realpath', 'rm', 'rmdir', 'sed', 'shred',
  'sort', 'split', 'stat', 'stdbuf', 'tail', 'tar', 'tee', 'timeout', 'touch', 'truncate', 'unlink', 'xargs',
]);

/** `/usr/bin/git`, `./git`, `\git`, `GIT`, `git.exe`, `=git` → `git`; `grm` → `rm`. */
export function binaryName(commandWord: string): string {
  const slash = lastSlash(commandWord);
  let name = (slash === -1 ? commandWord : commandWord.slice(slash + 1)).toLowerCase();
  if (slash === -1 && name.startsWith('=') && name.length > 1) name = name.slice(1);
  if (name.endsWith('.exe') && name.length > 4) name = name.slice(0, -4);
  if (name.startsWith('g') && G_PREFIXED.has(name.slice(1))) name = name.slice(1);
  return name;
}
