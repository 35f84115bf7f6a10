// An interpreter reading its program from standard input (`python3 - <<'EOF'`, `node <<< '…'`,
// `echo '…' | perl`), gdb its commands and Vim its Ex commands or keys: when that text is known,
// what it starts is found as it is in code given on the command line.
import type { Embedded } from './embedded-commands.js';
import { callsIn, languageOf, PYTHON, type Language } from './inline-code.js';
import { VIM_BINARIES } from './ex-commands.js';
import { programInputScripts } from './program-scripts.js';
import type { Word } from './types.js';

/** Options that take the next word as their value, per interpreter: that word is not the script. */
function valueOptions(binary: string, lang: Language): RegExp {
  if (lang === PYTHON) return /^-[A-Za-z]*[WX]$/;
  if (binary === 'php') return /^-[cdz]$/;
  if (binary === 'node' || binary === 'nodejs' || binary === 'bun') return /^(?:-[rC]|--(?:require|import|loader|experimental-loader|input-type|conditions|env-file|title|redirect-warnings|stack-size|max-old-space-size))$/;
  return /^-[IrCEx]$/; // perl, ruby
}

/** Whether the program comes from standard input: no code option, and no script operand but `-`. */
function readsStdin(binary: string, lang: Language, argv: readonly Word[]): boolean {
  if (lang.code(argv).length > 0) return false;
  const takesValue = valueOptions(binary, lang);
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.kind === 'dynamic') return false;
    if (w.text === '-') return true;
    if (w.text === '--') return argv[i + 1] === undefined || argv[i + 1]!.text === '-';
    if (!w.text.startsWith('-')) return false; // a script file
    if (lang === PYTHON && /^-[A-Za-z]*m$/.test(w.text)) return false; // a module
    if (takesValue.test(w.text)) i++;
  }
  return true;
}

/** The commands started by the program an interpreter reads from its input, or null when it reads none (or is no interpreter). */
export function stdinCodeCommands(binary: string, argv: readonly Word[], texts: readonly string[]): Embedded[] | null {
  const lang = languageOf(binary);
  if (!lang) return programInputScripts(binary, argv, texts);
  if (!readsStdin(binary, lang, argv)) return null;
  return texts.flatMap((t) => callsIn(t, lang, `${binary} program on its input`));
}

/** Whether the program may read code from its input (checked before the input is worked out). */
export const mayReadCode = (binary: string): boolean => languageOf(binary) !== null || binary === 'gdb' || binary === 'gdb-multiarch' || VIM_BINARIES.has(binary);
