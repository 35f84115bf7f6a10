// Code given to an interpreter on its command line (`python3 -c`, `perl -e`, `ruby -e`, `node -e`,
// `php -r`) that starts other programs: `os.system("git push --force")` runs a shell command as
// surely as typing it. Each call that starts a program is found; a plain string literal given to it
// is judged as the shell command (or program) it is, and any other argument (a variable, a list,
// a formatted string) leaves the line unresolved. Code that starts nothing is not read further.
import type { Embedded } from './embedded-commands.js';
import type { Word } from './types.js';

/** How calls that start programs are found in some code. */
export interface Calls {
  /** Where a call that starts a program begins: the match ends at the call's `(`, or is a backquote. */
  readonly calls: RegExp;
  /** What the code must mention for those calls to start programs (Node's `exec` is also a RegExp method). */
  readonly needs?: RegExp;
}

export interface Language extends Calls {
  /** The option that takes the code, and the short options it may end a cluster of (`-lne`). */
  readonly code: (argv: readonly Word[]) => Word[];
}

/** The word after each option matching `flag` (`-c`, or a cluster ending in it), and attached values (`-cCODE`, `--eval=CODE`). */
function codeWords(argv: readonly Word[], cluster: RegExp, long: readonly string[], once: boolean): Word[] {
  const out: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.text === '--') break;
    const eq = w.text.indexOf('=');
    if (long.includes(w.text) || cluster.test(w.text)) {
      const next = argv[++i];
      if (next) out.push(next);
    } else if (eq > 0 && long.includes(w.text.slice(0, eq))) out.push({ ...w, text: w.text.slice(eq + 1) });
    else if (!w.text.startsWith('-')) break; // the script file: its code is not on the line
    if (once && out.length > 0) break;
  }
  return out;
}

export const PYTHON: Language = {
  code: (argv) => codeWords(argv, /^-[A-Za-z]*c$/, [], true),
  // `run(` and `call(` only through a module (`asyncio.run(` starts nothing); the rest also bare (`from os import system`).
  calls: /(?:\b(?:os|subprocess|commands|pty)\s*\.\s*|\)\s*\.\s*)(?:system|popen|Popen|run|call|check_call|check_output|getoutput|getstatusoutput|spawn[lv]p?e?|exec[lv]p?e?)\s*\(|\b(?:system|popen|Popen|check_call|check_output|getoutput|getstatusoutput)\s*\(/g,
};
export const PERL_LIKE: Language = {
  code: (argv) => codeWords(argv, /^-[A-Za-z]*[eE]$/, [], false),
  calls: /\b(?:system|exec|spawn|popen|qx|IO\s*\.\s*popen|Open3\s*\.\s*\w+)\s*(?:[({[]|(?=['"]))|`|%x[({[]/g,
};
const NODE: Language = {
  code: (argv) => codeWords(argv, /^-[ep]$/, ['--eval', '--print'], true),
  calls: /\b(?:execSync|exec|execFile|execFileSync|spawn|spawnSync|fork)\s*\(/g,
  needs: /child_process/,
};
const PHP: Language = {
  code: (argv) => codeWords(argv, /^-r$/, [], true),
  calls: /\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s*\(|`/g,
};

export function languageOf(binary: string): Language | null {
  if (/^python(?:\d+(?:\.\d+)?)?$/.test(binary) || binary === 'pypy3' || binary === 'pypy') return PYTHON;
  if (binary === 'perl' || binary === 'ruby') return PERL_LIKE;
  if (binary === 'node' || binary === 'nodejs' || binary === 'bun') return NODE;
  if (binary === 'php') return PHP;
  return null;
}

/** Whether code given to this program on its command line is read here. */
export const readsInlineCode = (binary: string): boolean => languageOf(binary) !== null;

/** A quoted string literal at the start of `text` (after blanks), unescaped; null when the argument is anything else. */
function leadingString(text: string): string | null {
  const m = /^\s*(['"])((?:\\[\s\S]|(?!\1)[^\\])*)\1\s*(?:[,);]|$)/.exec(text);
  if (!m) return null;
  return m[2]!.replace(/\\([\s\S])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Calls read per code word, and the longest literal read: hostile code can hold thousands. */
export const MAX_CALLS = 100;
export const MAX_LITERAL = 16_384;

/** The commands the code starts: one per call, or why they cannot be known. */
export function callsIn(code: string, lang: Calls, label: string): Embedded[] {
  const out: Embedded[] = [];
  if (lang.needs && !lang.needs.test(code)) return out;
  lang.calls.lastIndex = 0;
  for (let m = lang.calls.exec(code); m !== null; m = lang.calls.exec(code)) {
    if (out.length === MAX_CALLS) {
      out.push({ kind: 'unresolved', label, reason: `${label} starts more than ${MAX_CALLS} programs; the rest are not read` });
      break;
    }
    const start = m.index + m[0].length;
    let text: string | null;
    if (m[0] === '`') {
      // A backquoted command: up to the next backquote, interpolating nothing.
      const end = code.indexOf('`', start);
      text = end === -1 || /[$@#]/.test(code.slice(start, end)) ? null : code.slice(start, end);
      if (end !== -1) lang.calls.lastIndex = end + 1;
    } else {
      // The argument, read from a bounded window: a literal longer than it is not plain enough.
      text = leadingString(code.slice(start, start + MAX_LITERAL));
    }
    // A formatted string (`f"…"`) is no plain literal; one that interpolates (`"#{x}"`, `"$x"`) is not either.
    if (text === null || /#\{|\$[A-Za-z_{]/.test(text)) {
      out.push({ kind: 'unresolved', label, reason: `${label} starts a program whose command line is not a plain string` });
    } else out.push({ kind: 'script', label, text });
  }
  return out;
}

/** The commands started by code given on an interpreter's command line, when it starts any. */
export function inlineCodeCommands(binary: string, argv: readonly Word[]): Embedded[] {
  const lang = languageOf(binary);
  if (!lang) return [];
  return lang.code(argv).flatMap((w) => callsIn(w.text, lang, `${binary} inline code`));
}
