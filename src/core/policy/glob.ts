// Shell-style globs (`*`, `?`, `[a-z]`) compiled once to anchored regular expressions, or to a
// linear automaton where a regex could backtrack for long (glob-linear.ts).
import { classRanges, linearGlob, linearMatch, starRuns } from './glob-linear.js';

/** A character inside a regex class, escaped where the class would read it otherwise. */
const classChar = (c: string): string => (/[\\\]^-]/.test(c) ? `\\${c}` : c);

/** `[…]` starting at `start`: the regex class and the index of its closing `]`, or null when unclosed. */
function charClass(glob: string, start: number, paths: boolean): { re: string; end: number } | null {
  let i = start + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  // A `]` right after the opening bracket (or its negation) is a literal member.
  const end = glob.indexOf(']', i + 1);
  if (end === -1) return null;
  // Members one by one, so that the regex is valid whatever the glob says (`[z-a]` holds nothing).
  const body = classRanges(glob.slice(i, end)).map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
  // In a path no class matches `/`.
  return { re: `[${negated ? '^' : ''}${body}${negated && paths ? '/' : ''}]`, end };
}

/** The unanchored regular-expression source of a glob; `paths` keeps `*` within a directory. */
export function globSource(glob: string, paths: boolean): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (!paths) re += '.*';
      else if (glob[i + 1] !== '*') re += '[^/]*';
      else {
        i++;
        // `**/` is zero or more whole directories: `**/.env` is `.env` in any directory, not `x.env`.
        if (glob[i + 1] === '/') { re += '(?:.*/)?'; i++; }
        else re += '.*';
      }
    } else if (c === '?') re += paths ? '[^/]' : '[\\s\\S]';
    else if (c === '[') {
      const cls = charClass(glob, i, paths);
      if (cls === null) re += '\\[';
      else { re += cls.re; i = cls.end; }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return re;
}

/** A compiled glob: a test of a whole text. */
export interface GlobTest { test(text: string): boolean }

/**
 * Past this length a text is matched by the linear automaton rather than the regex of a glob with
 * two `*` runs (whose backtracking is quadratic: a few ms at this length, seconds at 64 KB). No
 * file name or path is longer (PATH_MAX); only hostile words are.
 */
export const REGEX_TEXT_LIMIT = 4_096;

/**
 * A glob as a test: its regex where backtracking stays cheap (one `*` run, or two on a short text),
 * the linear automaton otherwise (glob-linear.ts).
 */
function compile(glob: string, paths: boolean): GlobTest {
  const re = new RegExp(`^(?:${globSource(glob, paths)})$`, 's');
  const runs = starRuns(glob);
  if (runs <= 1) return re;
  const linear = linearGlob(glob, paths);
  if (runs > 2) return { test: (text) => linearMatch(linear, text) };
  return { test: (text) => (text.length <= REGEX_TEXT_LIMIT ? re.test(text) : linearMatch(linear, text)) };
}

/** Compiled globs by text; null for a word glob without glob characters (compared as is). */
const wordGlobs = new Map<string, GlobTest | null>();
const pathGlobs = new Map<string, GlobTest>();

function remember<V>(cache: Map<string, V>, glob: string, value: V): V {
  if (cache.size > 10_000) cache.clear();
  cache.set(glob, value);
  return value;
}

function wordGlob(glob: string): GlobTest | null {
  const re = wordGlobs.get(glob);
  return re === undefined ? remember(wordGlobs, glob, hasGlobChars(glob) ? compile(glob, false) : null) : re;
}

/** `*` matches anything, including `/` (command words, tool names, domains). */
export function globMatch(glob: string, text: string): boolean {
  const re = wordGlob(glob);
  return re === null ? glob === text : re.test(text);
}

/**
 * A word glob compiled once, for matchers built at load time: its text, and its test or null when
 * it has no glob characters (then only that very text matches).
 */
export interface WordGlob { readonly glob: string; readonly re: GlobTest | null }

export const wordGlobOf = (glob: string): WordGlob => ({ glob, re: wordGlob(glob) });

/** globMatch for a compiled glob: no lookup by text. */
export const wordGlobMatch = (g: WordGlob, text: string): boolean => (g.re === null ? g.glob === text : g.re.test(text));

/** Whether a word glob matches only its own text (no glob characters). */
export const isLiteralGlob = (glob: string): boolean => wordGlob(glob) === null;

/** Path globs: `*` stays within one directory, `**` crosses directories (and `**` + `/` may match none). */
export function pathGlobMatch(glob: string, path: string): boolean {
  return (pathGlobs.get(glob) ?? remember(pathGlobs, glob, compile(glob, true))).test(path);
}

export const hasGlobChars = (text: string): boolean => /[*?[]/.test(text);
