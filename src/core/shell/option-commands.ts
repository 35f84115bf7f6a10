// Commands given as option values to programs otherwise taking data: `man -P 'cmd'` (the pager),
// `zip -TT 'cmd'` (the test command), `apt-get -o APT::Update::Pre-Invoke::=cmd` and
// `dpkg --pre-invoke=cmd` (hooks run around the package operation).
import type { Embedded } from './embedded-commands.js';
import type { Word } from './types.js';

/** The values of options named `names` (`-P cmd`, `-Pcmd`, `--pager cmd`, `--pager=cmd`), whatever the program. */
function values(argv: readonly Word[], names: readonly string[]): Word[] {
  const out: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.kind === 'literal' && w.text === '--') break;
    const name = names.find((n) => w.text === n || (n.startsWith('--') ? w.text.startsWith(`${n}=`) : w.text.startsWith(n) && n.length === 2));
    if (name === undefined) continue;
    if (w.text === name) {
      const next = argv[++i];
      if (next) out.push(next);
    } else out.push({ ...w, text: w.text.slice(name.length + (name.startsWith('--') ? 1 : 0)) });
  }
  return out;
}

/** Each value as shell code, or unresolved when it is known only at run time. */
function scripts(found: readonly Word[], label: string, text: (w: Word) => string | null = (w) => w.text): Embedded[] {
  return found.flatMap((w): Embedded[] => {
    if (w.kind === 'dynamic') return [{ kind: 'unresolved', label, reason: `${label} runs a command known only at run time (${w.text})` }];
    const t = text(w);
    return t === null ? [] : [{ kind: 'script', label, text: t }];
  });
}

/** apt configuration keys whose value is a command run around the operation. */
const APT_HOOK = /(?:Pre|Post)-Invoke(?:-Success)?|Pre-Install-Pkgs|Post-Invoke/i;

function aptHook(w: Word): string | null {
  const eq = w.text.indexOf('=');
  if (eq === -1 || !APT_HOOK.test(w.text.slice(0, eq))) return null;
  return w.text.slice(eq + 1);
}

/** Commands in the option values of `binary`, or null for a program not read here. */
export function optionCommands(binary: string, argv: readonly Word[]): Embedded[] | null {
  switch (binary) {
    case 'man': return scripts(values(argv, ['-P', '--pager']), 'man -P');
    case 'zip': return scripts(values(argv, ['-TT', '--unzip-command']), 'zip -TT');
    case 'apt': case 'apt-get': case 'aptitude': case 'apt-cache': return scripts(values(argv, ['-o', '--option']), `${binary} -o`, aptHook);
    case 'dpkg': return scripts(values(argv, ['--pre-invoke', '--post-invoke']), 'dpkg --pre-invoke');
    default: return null;
  }
}
