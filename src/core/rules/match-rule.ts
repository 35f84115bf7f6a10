// Evaluates a rule's matchers against the subjects of one event; says what matched, or why not.
import { globMatch, hasGlobChars } from '../policy/glob.js';
import { matchPattern, type CommandPattern } from '../policy/command-pattern.js';
import { domainMatches } from '../engine/evaluate-web.js';
import { pathSetTest } from './path-set.js';
import type { GlobSet, Matcher } from './rule.js';
import type { SubjectUnit } from './subjects.js';

export type MatchOutcome = { readonly ok: true; readonly what: string } | { readonly ok: false; readonly why: string };

/** Reasons for a miss are only spelled out when explaining: the hot path must not build strings. */
const MISS: MatchOutcome = { ok: false, why: '' };
const miss = (explain: boolean, why: () => string): MatchOutcome => (explain ? { ok: false, why: why() } : MISS);

/** A matcher's command patterns by literal program name, plus those whose program is a glob. */
interface PatternIndex { readonly byBinary: ReadonlyMap<string, readonly CommandPattern[]>; readonly globbed: readonly CommandPattern[] }
const patternIndexes = new WeakMap<readonly CommandPattern[], PatternIndex>();

function patternsFor(patterns: readonly CommandPattern[], binary: string): readonly CommandPattern[] {
  let index = patternIndexes.get(patterns);
  if (!index) {
    const byBinary = new Map<string, CommandPattern[]>();
    const globbed: CommandPattern[] = [];
    for (const p of patterns) {
      if (hasGlobChars(p.binary)) globbed.push(p);
      else byBinary.set(p.binary, [...(byBinary.get(p.binary) ?? []), p]);
    }
    index = { byBinary, globbed };
    patternIndexes.set(patterns, index);
  }
  const exact = index.byBinary.get(binary);
  if (!index.globbed.length) return exact ?? [];
  return exact ? [...exact, ...index.globbed] : index.globbed;
}

const clip = (t: string, n = 80): string => (t.length > n ? `${t.slice(0, n - 3)}...` : t);

function firstPath(set: GlobSet, paths: readonly string[]): string | undefined {
  const t = pathSetTest(set);
  return paths.find((p) => t.test(p));
}

/** Checks every condition of one matcher against one unit; all must hold. */
export function matchUnit(m: Matcher, unit: SubjectUnit, explain = false): MatchOutcome {
  const found: string[] = [];
  const cmd = unit.command;
  const commandScoped = m.commands || m.args || m.dynamicArg !== null || m.stdinFrom;
  if (commandScoped && !cmd) return miss(explain, () => 'not a command');
  if (m.commands && cmd) {
    const hit = patternsFor(m.commands, cmd.view.binary).find((p) => matchPattern(p, cmd.view) === 'match');
    if (!hit) return miss(explain, () => `command does not match ${m.commands!.map((p) => `"${p.source}"`).join(' or ')}`);
    found.push(`command \`${clip(cmd.analysed.argv.map((w) => w.text).join(' '))}\` matches "${hit.source}"`);
  }
  if (m.args && cmd) {
    const hit = firstPath(m.args, unit.args);
    if (hit === undefined) return miss(explain, () => `no argument matches ${m.args!.include.join(', ')}`);
    found.push(`argument ${hit}`);
  }
  if (m.dynamicArg !== null && cmd) {
    const dynamic = cmd.analysed.argv.slice(1).some((w) => w.kind === 'dynamic');
    if (dynamic !== m.dynamicArg) return miss(explain, () => m.dynamicArg ? 'no argument is computed at run time' : 'an argument is computed at run time');
    if (dynamic) found.push('an argument computed at run time');
  }
  if (m.stdinFrom && cmd) {
    const from = cmd.analysed.stdinFrom ?? null;
    if (from === null || !m.stdinFrom.includes(from)) return miss(explain, () => `input is not piped from ${m.stdinFrom!.join(', ')}`);
    found.push(`input piped from ${from}`);
  }
  if (m.read) {
    const hit = firstPath(m.read, unit.reads);
    if (hit === undefined) return miss(explain, () => `reads no path matching ${m.read!.include.join(', ')}`);
    found.push(`read of ${hit}`);
  }
  if (m.write) {
    const hit = firstPath(m.write, unit.writes);
    if (hit === undefined) return miss(explain, () => `writes no path matching ${m.write!.include.join(', ')}`);
    found.push(`write to ${hit}`);
  }
  if (m.domains) {
    const hit = unit.domains.find((d) => m.domains!.some((g) => domainMatches(g, d)));
    if (hit === undefined) return miss(explain, () => `contacts no domain matching ${m.domains!.join(', ')}`);
    found.push(`domain ${hit}`);
  }
  if (m.values) {
    const keys = m.keys;
    const hit = unit.values.find((v) => (!keys || keys.includes(v.key)) && m.values!.some((r) => r.test(v.value)));
    if (hit === undefined) return miss(explain, () => `no ${keys ? `${keys.join('/')} ` : ''}value matches ${m.values!.map(String).join(' or ')}`);
    found.push(`value ${hit.key ? `${hit.key}=` : ''}"${clip(hit.value, 60)}"`);
  }
  if (m.texts) {
    let hit: string | undefined;
    for (const t of unit.texts) {
      for (const r of m.texts) {
        const x = r.exec(t);
        if (x) { hit = x[0]; break; }
      }
      if (hit !== undefined) break;
    }
    if (hit === undefined) return miss(explain, () => `no text matches ${m.texts!.map(String).join(' or ')}`);
    found.push(`text "${clip(hit, 60)}"`);
  }
  if (m.tools) {
    const hit = unit.tools.find((t) => m.tools!.some((g) => globMatch(g, t)));
    if (hit === undefined) return miss(explain, () => `tool is not ${m.tools!.join(', ')}`);
    found.push(`tool ${hit}`);
  }
  return { ok: true, what: found.join(', ') };
}

/**
 * A rule over all units: the first unit where an alternative holds and no `unless` alternative
 * holds for that same unit (so `git status` elsewhere on the line exempts nothing), or why none did.
 */
export function matchRuleUnits(match: readonly Matcher[], unless: readonly Matcher[], units: readonly SubjectUnit[], explain = false): MatchOutcome {
  const reasons = explain ? new Set<string>() : null;
  for (const unit of units) {
    for (const m of match) {
      const r = matchUnit(m, unit, explain);
      if (!r.ok) { reasons?.add(r.why); continue; }
      let exempt: MatchOutcome | undefined;
      for (const u of unless) {
        const x = matchUnit(u, unit, explain);
        if (x.ok) { exempt = x; break; }
      }
      if (exempt?.ok) { reasons?.add(`exempted by unless: ${exempt.what}`); break; }
      return r;
    }
  }
  if (!reasons) return MISS;
  return { ok: false, why: units.length === 0 ? 'nothing to look at' : [...reasons].slice(0, 3).join('; ') };
}
