// Command rule patterns (`git push --force*`, `kubectl exec *`) and their matching against
// the analysed command: binary, subcommand path in order, flags anywhere, optional rest.
import { binaryName } from '../shell/binary-name.js';
import { canonicalCommand, canonicalFlag, type CommandView } from '../shell/command-view.js';
import type { Word } from '../shell/types.js';
import { toolSpec } from '../shell/tool-specs.js';
import { hasGlobChars, wordGlobMatch, wordGlobOf, type WordGlob } from './glob.js';

export interface PatternFlag {
  readonly name: string;
  /** Required value glob, or null when any (or no) value will do. */
  readonly value: string | null;
  /** `name` and `value` compiled. */
  readonly nameGlob: WordGlob;
  readonly valueGlob: WordGlob | null;
}

export interface CommandPattern {
  readonly source: string;
  readonly binary: string;
  readonly positionals: readonly string[];
  readonly flags: readonly PatternFlag[];
  /** A trailing `*`: any further arguments are allowed. Without it the match is exact. */
  readonly rest: boolean;
  /** `binary` and `positionals` compiled: patterns are matched against every command a rule may meet. */
  readonly binaryGlob: WordGlob;
  readonly positionalGlobs: readonly WordGlob[];
  /** The first positional when it has no glob characters (only a word of that very text matches it for certain), else null. */
  readonly literalFirst: string | null;
  /** `prog *`: any arguments at all, so every command of the program matches. */
  readonly anyArguments: boolean;
}

export type MatchResult = 'match' | 'maybe' | 'no';

export class PatternError extends Error {
  readonly code = 'PATTERN_INVALID';
}

/** Splits a pattern into words, honouring single and double quotes. */
function tokens(source: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (const c of source) {
    if (quote) {
      if (c === quote) quote = null;
      else current += c;
    } else if (c === '"' || c === "'") { quote = c; inWord = true; }
    else if (/\s/.test(c)) { if (inWord) out.push(current); current = ''; inWord = false; }
    else { current += c; inWord = true; }
  }
  if (quote) throw new PatternError(`unterminated ${quote} quote in pattern "${source}"`);
  if (inWord) out.push(current);
  return out;
}

export function compilePattern(source: string): CommandPattern {
  const words = tokens(source);
  const first = words.shift();
  if (first === undefined) throw new PatternError('empty command pattern');
  let rest = false;
  const last = words[words.length - 1];
  if (last === '*') { rest = true; words.pop(); }
  else if (last?.endsWith('*')) rest = true;
  if (first.endsWith('*') && words.length === 0) rest = true; // `terraform*`

  const binary = binaryName(first);
  const spec = toolSpec(binary);
  const positionals: string[] = [];
  const flags: PatternFlag[] = [];
  let subcommand = '';
  const takesValue = (f: string): boolean =>
    spec ? spec.valueOptions.has(f) || (spec.subcommandValueOptions?.[subcommand]?.has(f) ?? false) : false;
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    if (!w.startsWith('-') || w === '-' || w === '--') {
      if (w !== '--') positionals.push(positionals.length === 0 ? canonicalCommand(binary, w) : w);
      if (positionals.length === 1) subcommand = positionals[0]!;
      continue;
    }
    const eq = w.indexOf('=');
    if (eq > 1) { flags.push(patternFlag(canonicalFlag(binary, subcommand, w.slice(0, eq)), w.slice(eq + 1))); continue; }
    // The closing `*` of `rm -rf*` marks the rest of the line, not a glob on the cluster.
    if (rest && i === words.length - 1 && /^-[A-Za-z0-9]+\*$/.test(w)) w = w.slice(0, -1);
    const whole = canonicalFlag(binary, subcommand, w);
    if (w.startsWith('--') || whole !== w || w.length === 2 || hasGlobChars(w)) {
      const value = takesValue(w) && i + 1 < words.length ? words[++i]! : null;
      flags.push(patternFlag(whole, value));
      continue;
    }
    // -rf means -r and -f, in any order or spelling
    for (let k = 1; k < w.length; k++) flags.push(patternFlag(canonicalFlag(binary, subcommand, `-${w.charAt(k)}`), null));
  }
  const firstPositional = positionals[0];
  return {
    source, binary, positionals, flags, rest,
    binaryGlob: wordGlobOf(binary),
    positionalGlobs: positionals.map(wordGlobOf),
    literalFirst: firstPositional === undefined || hasGlobChars(firstPositional) ? null : firstPositional,
    anyArguments: rest && positionals.length === 0 && flags.length === 0,
  };
}

const patternFlag = (name: string, value: string | null): PatternFlag => ({ name, value, nameGlob: wordGlobOf(name), valueGlob: value === null ? null : wordGlobOf(value) });

function someValueMatches(glob: WordGlob, values: readonly string[]): boolean {
  for (const v of values) if (wordGlobMatch(glob, v)) return true;
  return false;
}

function flagPresent(view: CommandView, flag: PatternFlag): boolean {
  if (flag.nameGlob.re === null) { // the one flag of that name, without trying every flag
    const values = view.flags.get(flag.name);
    return values !== undefined && (flag.valueGlob === null || someValueMatches(flag.valueGlob, values));
  }
  for (const [name, values] of view.flags) {
    if (!wordGlobMatch(flag.nameGlob, name)) continue;
    if (flag.valueGlob === null || someValueMatches(flag.valueGlob, values)) return true;
  }
  return false;
}

/** `used`: the positionals the pattern's took up; a number n stands for the first n (no set to build). */
type Positionals = { result: MatchResult; used: ReadonlySet<number> | number };

/**
 * Where the ordered match leaves its result: one object for every call, as it runs for every rule
 * a command's program meets and is read at once (matching is synchronous and never re-entered).
 */
const ordered: Positionals = { result: 'no', used: 0 };
const positionals = (result: MatchResult, used: ReadonlySet<number> | number): Positionals => {
  ordered.result = result;
  ordered.used = used;
  return ordered;
};

/** The text before a pattern word's first glob character. */
const literalPrefix = (glob: string): string => glob.slice(0, glob.search(/[*?[]|$/));

/** A pattern word every path starting with `prefix` matches (`/*`, `src/*`, `*`). */
const coversPrefix = (wanted: string, prefix: string): boolean =>
  wanted.endsWith('*') && !hasGlobChars(wanted.slice(0, -1)) && prefix.startsWith(wanted.slice(0, -1));

/** A word that is some absolute path: `~`, `~/x`, `~user` (home directories), or a glob under them. */
function absoluteMatch(wanted: string): MatchResult {
  if (wanted === '*' || wanted === '/*') return 'match';
  return wanted.startsWith('/') || literalPrefix(wanted) === '' ? 'maybe' : 'no';
}

/** Whether one positional word matches a pattern word: certainly, for some run-time value, or not. */
function wordMatch(wantedGlob: WordGlob, word: Word): MatchResult {
  const wanted = wantedGlob.glob;
  if (word.kind === 'literal') {
    if (wordGlobMatch(wantedGlob, word.text)) return 'match';
    return word.text.startsWith('~') ? absoluteMatch(wanted) : 'no';
  }
  const prefix = word.prefix;
  if (prefix === undefined) return 'maybe'; // any value at all
  // A file-name glob: every word it becomes starts with its prefix (relative names when empty).
  if (prefix.startsWith('~')) return absoluteMatch(wanted);
  if (coversPrefix(wanted, prefix)) return 'match';
  const wp = literalPrefix(wanted);
  if (prefix === '') return wp.startsWith('/') ? 'no' : 'maybe';
  return wp.startsWith(prefix) || prefix.startsWith(wp) ? 'maybe' : 'no';
}

/** Pattern positionals in order: a word after a flag of unknown arity may be that flag's value. */
function orderedPositionals(pattern: CommandPattern, view: CommandView): Positionals {
  const pos = view.positionals;
  /** Indexes matched so far, kept only once a word was passed over (then they are no prefix). */
  let matched: Set<number> | null = null;
  let uncertain = false;
  let i = 0;
  for (const wanted of pattern.positionalGlobs) {
    for (;;) {
      const word = pos[i];
      if (!word) {
        if (!uncertain) return positionals('no', 0);
        return positionals('maybe', matched ?? i);
      }
      const m = wordMatch(wanted, word);
      if (word.kind === 'dynamic' && word.split && m !== 'no') { // alignment is unknowable from here on
        return positionals(flagsCouldMatch(pattern, view) ? 'maybe' : 'no', pos.length);
      }
      if (m === 'no') {
        if (!view.mayBeValue.has(i)) return positionals('no', 0);
        uncertain = true; // matches only if that flag takes this word as its value
        matched ??= new Set(Array.from({ length: i }, (_, k) => k));
        i++;
        continue;
      }
      if (m === 'maybe') uncertain = true;
      matched?.add(i);
      i++;
      break;
    }
  }
  // Every word up to the last matched one is taken: matched, or a value of the flag before it.
  return positionals(uncertain ? 'maybe' : 'match', i);
}

/** Pattern positionals as a set of operands (`rm -rf /*` matches `rm -rf build /`). */
function unorderedPositionals(pattern: CommandPattern, view: CommandView): Positionals {
  const pos = view.positionals;
  const used = new Set<number>();
  let uncertain = false;
  for (const wanted of pattern.positionalGlobs) {
    const hit = pos.findIndex((w, k) => !used.has(k) && wordMatch(wanted, w) === 'match');
    if (hit !== -1) { used.add(hit); continue; }
    if (!pos.some((w, k) => !used.has(k) && wordMatch(wanted, w) === 'maybe')) return { result: 'no', used };
    uncertain = true;
  }
  return { result: uncertain ? 'maybe' : 'match', used };
}

/**
 * 'match' when the command certainly matches; 'maybe' when it would match for some run-time
 * value of its dynamic words, or if an option of unknown arity took the next word as its value;
 * 'no' otherwise.
 */
export function matchPattern(pattern: CommandPattern, view: CommandView): MatchResult {
  if (!wordGlobMatch(pattern.binaryGlob, view.binary)) return 'no';
  if (pattern.anyArguments) return 'match'; // what the general path below would conclude, sooner
  const { result, used } = view.unordered ? unorderedPositionals(pattern, view) : orderedPositionals(pattern, view);
  if (result === 'no') return 'no';
  let uncertain = result === 'maybe';
  for (const flag of pattern.flags) {
    if (flagPresent(view, flag)) continue;
    if (view.dynamicWords > 0 || (flag.value !== null && someDynamicValue(view, flag.nameGlob))) uncertain = true;
    else return 'no';
  }
  if (!pattern.rest) {
    // Words past those the pattern took: a literal one is more than the pattern says; a dynamic one may be nothing.
    const pos = view.positionals;
    for (let k = 0; k < pos.length; k++) {
      if (typeof used === 'number' ? k < used : used.has(k)) continue;
      if (pos[k]!.kind === 'literal') return 'no';
      uncertain = true;
    }
    for (const name of view.flags.keys()) {
      if (!view.clusters.has(name) && !patternNamesFlag(pattern, name)) return 'no';
    }
  }
  return uncertain ? 'maybe' : 'match';
}

// Loops rather than spreads and closures: these run for every rule a command's program meets.
function someDynamicValue(view: CommandView, glob: WordGlob): boolean {
  for (const name of view.dynamicValues) if (wordGlobMatch(glob, name)) return true;
  return false;
}

function patternNamesFlag(pattern: CommandPattern, name: string): boolean {
  for (const f of pattern.flags) if (wordGlobMatch(f.nameGlob, name)) return true;
  return false;
}

function flagsCouldMatch(pattern: CommandPattern, view: CommandView): boolean {
  return pattern.flags.every((f) => flagPresent(view, f)) || view.dynamicWords > 0;
}
