// Command rule patterns (`git push --force*`, `kubectl exec *`) and their matching against
// the analysed command: binary, subcommand path in order, flags anywhere, optional rest.
import { binaryName } from '../shell/binary-name.js';
import { canonicalFlag, type CommandView } from '../shell/command-view.js';
import { toolSpec } from '../shell/tool-specs.js';
import { globMatch, hasGlobChars } from './glob.js';

export interface PatternFlag {
  readonly name: string;
  /** Required value glob, or null when any (or no) value will do. */
  readonly value: string | null;
}

export interface CommandPattern {
  readonly source: string;
  readonly binary: string;
  readonly positionals: readonly string[];
  readonly flags: readonly PatternFlag[];
  /** A trailing `*`: any further arguments are allowed. Without it the match is exact. */
  readonly rest: boolean;
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
    const w = words[i]!;
    if (!w.startsWith('-') || w === '-' || w === '--') {
      if (w !== '--') positionals.push(w);
      if (positionals.length === 1) subcommand = w;
      continue;
    }
    const eq = w.indexOf('=');
    if (eq > 1) { flags.push({ name: canonicalFlag(binary, subcommand, w.slice(0, eq)), value: w.slice(eq + 1) }); continue; }
    const whole = canonicalFlag(binary, subcommand, w);
    if (w.startsWith('--') || whole !== w || w.length === 2 || hasGlobChars(w)) {
      const value = takesValue(w) && i + 1 < words.length ? words[++i]! : null;
      flags.push({ name: whole, value });
      continue;
    }
    // -rf means -r and -f, in any order or spelling
    for (let k = 1; k < w.length; k++) flags.push({ name: canonicalFlag(binary, subcommand, `-${w.charAt(k)}`), value: null });
  }
  return { source, binary, positionals, flags, rest };
}

function flagPresent(view: CommandView, flag: PatternFlag): boolean {
  for (const [name, values] of view.flags) {
    if (!globMatch(flag.name, name)) continue;
    if (flag.value === null || values.some((v) => globMatch(flag.value!, v))) return true;
  }
  return false;
}

/**
 * 'match' when the command certainly matches; 'maybe' when it would match for some run-time
 * value of its dynamic words; 'no' otherwise.
 */
export function matchPattern(pattern: CommandPattern, view: CommandView): MatchResult {
  if (!globMatch(pattern.binary, view.binary)) return 'no';
  let uncertain = false;
  const pos = view.positionals;
  for (let i = 0; i < pattern.positionals.length; i++) {
    const word = pos[i];
    if (!word) return uncertain ? 'maybe' : 'no';
    if (word.kind === 'dynamic') {
      if (word.split) return flagsCouldMatch(pattern, view) ? 'maybe' : 'no'; // alignment unknowable from here on
      uncertain = true;
      continue;
    }
    if (!globMatch(pattern.positionals[i]!, word.text)) return 'no';
  }
  for (const flag of pattern.flags) {
    if (flagPresent(view, flag)) continue;
    if (view.dynamicWords > 0) uncertain = true;
    else return 'no';
  }
  if (!pattern.rest) {
    const extraPositionals = pos.slice(pattern.positionals.length);
    if (extraPositionals.some((w) => w.kind === 'literal')) return 'no';
    if (extraPositionals.length > 0) uncertain = true;
    const allowed = (name: string): boolean => pattern.flags.some((f) => globMatch(f.name, name));
    for (const name of view.flags.keys()) {
      if (!allowed(name) && !view.clusters.has(name)) return 'no';
    }
  }
  return uncertain ? 'maybe' : 'match';
}

function flagsCouldMatch(pattern: CommandPattern, view: CommandView): boolean {
  return pattern.flags.every((f) => flagPresent(view, f)) || view.dynamicWords > 0;
}
