// Evaluates a rule's matchers against the subjects of one event; says what matched, or why not.
import { globMatch, hasGlobChars } from '../policy/glob.js';
import { matchPattern, type CommandPattern } from '../policy/command-pattern.js';
import { domainSet } from '../engine/evaluate-web.js';
import { pathSetTest } from './path-set.js';
import type { CommandIndex, GlobSet, Matcher } from './rule.js';
import type { Word } from '../shell/types.js';
import type { KeyedValue, SubjectUnit } from './subjects.js';

export type MatchOutcome = { readonly ok: true; readonly what: string } | { readonly ok: false; readonly why: string };

/** Reasons for a miss are only spelled out when explaining: the hot path must not build strings. */
const MISS: MatchOutcome = { ok: false, why: '' };

/** A matcher's patterns indexed by program (see Matcher.commandIndex). */
export function commandIndex(patterns: readonly CommandPattern[]): CommandIndex {
  const exact = new Map<string, CommandPattern[]>();
  const globbed: CommandPattern[] = [];
  for (const p of patterns) {
    if (hasGlobChars(p.binary)) globbed.push(p);
    else exact.set(p.binary, [...(exact.get(p.binary) ?? []), p]);
  }
  const byBinary = new Map<string, readonly CommandPattern[]>();
  for (const [binary, list] of exact) byBinary.set(binary, [...list, ...globbed]);
  return { byBinary, globbed };
}

/**
 * False when the pattern cannot certainly match a command with these positionals, known without
 * matching: a literal first positional no literal word spells, or a pattern of no positionals and
 * no trailing `*` beside a literal positional (an extra word it does not allow). A dynamic or `~`
 * word makes a match uncertain at best, so only literal words count.
 */
function mayCertainlyMatch(p: CommandPattern, positionals: readonly Word[]): boolean {
  if (p.positionals.length === 0) {
    if (p.rest) return true;
    for (const w of positionals) if (w.kind === 'literal') return false;
    return true;
  }
  const first = p.literalFirst;
  if (first === null) return true;
  for (const w of positionals) if (w.kind === 'literal' && w.text === first) return true;
  return false;
}

const clip = (t: string, n = 80): string => (t.length > n ? `${t.slice(0, n - 3)}...` : t);

function firstPath(set: GlobSet, paths: readonly string[]): string | undefined {
  const t = pathSetTest(set);
  return paths.find((p) => t.test(p));
}

/** What a matcher needs a unit to have, and what a unit has, as bits: a cheap test before any matching. */
export const NEEDS = { command: 1, reads: 2, writes: 4, domains: 8, dynamic: 16, texts: 32, stdin: 64, values: 128 } as const;
const unitHas = new WeakMap<SubjectUnit, number>();

/** What a matcher with these conditions needs a unit to have, as NEEDS bits. */
export function needsOfFields(m: Omit<Matcher, 'needs' | 'commandIndex'>): number {
  return (m.commands || m.args || m.dynamicArg !== null || m.stdinFrom ? NEEDS.command : 0)
    | (m.read ? NEEDS.reads : 0) | (m.write ? NEEDS.writes : 0) | (m.domains ? NEEDS.domains : 0)
    | (m.dynamicArg === true ? NEEDS.dynamic : 0) | (m.texts ? NEEDS.texts : 0) | (m.stdinFrom ? NEEDS.stdin : 0)
    | (m.values ? NEEDS.values : 0);
}

/** What a unit has, as NEEDS bits. */
export function unitBits(unit: Omit<SubjectUnit, 'has'>): number {
  const cmd = unit.command;
  return (cmd ? NEEDS.command : 0) | (unit.reads.length ? NEEDS.reads : 0) | (unit.writes.length ? NEEDS.writes : 0)
    | (unit.domains.length ? NEEDS.domains : 0) | (unit.texts.length ? NEEDS.texts : 0) | (unit.values.length ? NEEDS.values : 0)
    | (cmd?.analysed.argv.some((w) => w.kind === 'dynamic') ? NEEDS.dynamic : 0) | (cmd?.analysed.stdinFrom ? NEEDS.stdin : 0);
}

export function hasOf(unit: SubjectUnit): number {
  if (unit.has !== undefined) return unit.has;
  let h = unitHas.get(unit);
  if (h === undefined) {
    h = unitBits(unit);
    unitHas.set(unit, h);
  }
  return h;
}

function firstDomain(globs: readonly string[], domains: readonly string[]): string | undefined {
  if (domains.length === 0) return undefined;
  const set = domainSet(globs);
  for (const d of domains) if (set.test(d)) return d;
  return undefined;
}

function firstValue(regexes: readonly RegExp[], keys: readonly string[] | null, values: readonly KeyedValue[]): KeyedValue | undefined {
  for (const v of values) {
    if (keys && !keys.includes(v.key)) continue;
    for (const r of regexes) if (r.test(v.value)) return v;
  }
  return undefined;
}

function firstText(regexes: readonly RegExp[], texts: readonly string[]): string | undefined {
  for (const t of texts) {
    for (const r of regexes) {
      const x = r.exec(t);
      if (x) return x[0];
    }
  }
  return undefined;
}

function firstTool(globs: readonly string[], tools: readonly string[]): string | undefined {
  for (const t of tools) for (const g of globs) if (globMatch(g, t)) return t;
  return undefined;
}

function hasDynamicArgument(argv: readonly Word[]): boolean {
  for (let i = 1; i < argv.length; i++) if (argv[i]!.kind === 'dynamic') return true;
  return false;
}

/**
 * Checks every condition of one matcher against one unit; all must hold. Most calls miss: what
 * matched is put into words only once every condition held.
 */
export function matchUnit(m: Matcher, unit: SubjectUnit, explain = false): MatchOutcome {
  const cmd = unit.command;
  const commandScoped = m.commands || m.args || m.dynamicArg !== null || m.stdinFrom;
  if (commandScoped && !cmd) return explain ? { ok: false, why: 'not a command' } : MISS;
  let commandHit: CommandPattern | undefined;
  if (m.commands && cmd) {
    const view = cmd.view;
    const index = m.commandIndex!;
    for (const p of index.byBinary.get(view.binary) ?? index.globbed) {
      if (!mayCertainlyMatch(p, view.positionals)) continue;
      if (matchPattern(p, view) === 'match') { commandHit = p; break; }
    }
    if (!commandHit) return explain ? { ok: false, why: `command does not match ${m.commands.map((p) => `"${p.source}"`).join(' or ')}` } : MISS;
  }
  let argHit: string | undefined;
  if (m.args && cmd) {
    argHit = firstPath(m.args, unit.args);
    if (argHit === undefined) return explain ? { ok: false, why: `no argument matches ${m.args.include.join(', ')}` } : MISS;
  }
  let dynamic = false;
  if (m.dynamicArg !== null && cmd) {
    dynamic = hasDynamicArgument(cmd.analysed.argv);
    if (dynamic !== m.dynamicArg) return explain ? { ok: false, why: m.dynamicArg ? 'no argument is computed at run time' : 'an argument is computed at run time' } : MISS;
  }
  let from: string | null = null;
  if (m.stdinFrom && cmd) {
    from = cmd.analysed.stdinFrom ?? null;
    if (from === null || !m.stdinFrom.includes(from)) return explain ? { ok: false, why: `input is not piped from ${m.stdinFrom.join(', ')}` } : MISS;
  }
  let readHit: string | undefined;
  if (m.read) {
    readHit = firstPath(m.read, unit.reads);
    if (readHit === undefined) return explain ? { ok: false, why: `reads no path matching ${m.read.include.join(', ')}` } : MISS;
  }
  let writeHit: string | undefined;
  if (m.write) {
    writeHit = firstPath(m.write, unit.writes);
    if (writeHit === undefined) return explain ? { ok: false, why: `writes no path matching ${m.write.include.join(', ')}` } : MISS;
  }
  let domainHit: string | undefined;
  if (m.domains) {
    domainHit = firstDomain(m.domains, unit.domains);
    if (domainHit === undefined) return explain ? { ok: false, why: `contacts no domain matching ${m.domains.join(', ')}` } : MISS;
  }
  let valueHit: KeyedValue | undefined;
  if (m.values) {
    valueHit = firstValue(m.values, m.keys, unit.values);
    if (valueHit === undefined) return explain ? { ok: false, why: `no ${m.keys ? `${m.keys.join('/')} ` : ''}value matches ${m.values.map(String).join(' or ')}` } : MISS;
  }
  let textHit: string | undefined;
  if (m.texts) {
    textHit = firstText(m.texts, unit.texts);
    if (textHit === undefined) return explain ? { ok: false, why: `no text matches ${m.texts.map(String).join(' or ')}` } : MISS;
  }
  let toolHit: string | undefined;
  if (m.tools) {
    toolHit = firstTool(m.tools, unit.tools);
    if (toolHit === undefined) return explain ? { ok: false, why: `tool is not ${m.tools.join(', ')}` } : MISS;
  }
  const found: string[] = [];
  if (commandHit && cmd) found.push(`command \`${clip(cmd.analysed.argv.map((w) => w.text).join(' '))}\` matches "${commandHit.source}"`);
  if (argHit !== undefined) found.push(`argument ${argHit}`);
  if (dynamic) found.push('an argument computed at run time');
  if (from !== null) found.push(`input piped from ${from}`);
  if (readHit !== undefined) found.push(`read of ${readHit}`);
  if (writeHit !== undefined) found.push(`write to ${writeHit}`);
  if (domainHit !== undefined) found.push(`domain ${domainHit}`);
  if (valueHit !== undefined) found.push(`value ${valueHit.key ? `${valueHit.key}=` : ''}"${clip(valueHit.value, 60)}"`);
  if (textHit !== undefined) found.push(`text "${clip(textHit, 60)}"`);
  if (toolHit !== undefined) found.push(`tool ${toolHit}`);
  return { ok: true, what: found.join(', ') };
}

/** A rule on one unit (`has`: what it has): an alternative holds and no `unless` alternative does. */
export function matchRuleUnit(match: readonly Matcher[], unless: readonly Matcher[], unit: SubjectUnit, has = hasOf(unit)): MatchOutcome {
  for (const m of match) {
    if ((m.needs & ~has) !== 0) continue; // it lacks something this alternative needs
    const r = matchUnit(m, unit);
    if (!r.ok) continue;
    for (const u of unless) if (matchUnit(u, unit).ok) return MISS;
    return r;
  }
  return MISS;
}

/**
 * A rule over all units: the first unit where an alternative holds and no `unless` alternative
 * holds for that same unit (so `git status` elsewhere on the line exempts nothing), or why none did.
 */
export function matchRuleUnits(match: readonly Matcher[], unless: readonly Matcher[], units: readonly SubjectUnit[], explain = false, masks?: readonly number[]): MatchOutcome {
  if (!explain) {
    for (let u = 0; u < units.length; u++) {
      const r = matchRuleUnit(match, unless, units[u]!, masks?.[u]);
      if (r.ok) return r;
    }
    return MISS;
  }
  // Explaining: every alternative is tried, so each says why it missed.
  const reasons = new Set<string>();
  for (const unit of units) {
    for (const m of match) {
      const r = matchUnit(m, unit, explain);
      if (!r.ok) { reasons.add(r.why); continue; }
      let exempt: MatchOutcome | undefined;
      for (const u of unless) {
        const x = matchUnit(u, unit, explain);
        if (x.ok) { exempt = x; break; }
      }
      if (exempt?.ok) { reasons.add(`exempted by unless: ${exempt.what}`); break; }
      return r;
    }
  }
  return { ok: false, why: units.length === 0 ? 'nothing to look at' : [...reasons].slice(0, 3).join('; ') };
}
