// Evaluates a rule's matchers against the subjects of one event; says what matched, or why not.
import { globMatch } from '../policy/glob.js';
import { matchPattern } from '../policy/command-pattern.js';
import { domainMatches } from '../engine/evaluate-web.js';
import { pathSetTest } from './path-set.js';
import type { GlobSet, Matcher } from './rule.js';
import type { SubjectUnit } from './subjects.js';

export type MatchOutcome = { readonly ok: true; readonly what: string } | { readonly ok: false; readonly why: string };

const clip = (t: string, n = 80): string => (t.length > n ? `${t.slice(0, n - 3)}...` : t);

function firstPath(set: GlobSet, paths: readonly string[]): string | undefined {
  const t = pathSetTest(set);
  return paths.find((p) => t.test(p));
}

/** Checks every condition of one matcher against one unit; all must hold. */
export function matchUnit(m: Matcher, unit: SubjectUnit, home: string | undefined): MatchOutcome {
  const found: string[] = [];
  const cmd = unit.command;
  const commandScoped = m.commands || m.args || m.dynamicArg !== null || m.stdinFrom;
  if (commandScoped && !cmd) return { ok: false, why: 'not a command' };
  if (m.commands && cmd) {
    const hit = m.commands.find((p) => matchPattern(p, cmd.view) === 'match');
    if (!hit) return { ok: false, why: `command does not match ${m.commands.map((p) => `"${p.source}"`).join(' or ')}` };
    found.push(`command \`${clip(cmd.analysed.argv.map((w) => w.text).join(' '))}\` matches "${hit.source}"`);
  }
  if (m.args && cmd) {
    const hit = firstPath(m.args, unit.args);
    if (hit === undefined) return { ok: false, why: `no argument matches ${m.args.include.join(', ')}` };
    found.push(`argument ${hit}`);
  }
  if (m.dynamicArg !== null && cmd) {
    const dynamic = cmd.analysed.argv.slice(1).some((w) => w.kind === 'dynamic');
    if (dynamic !== m.dynamicArg) return { ok: false, why: m.dynamicArg ? 'no argument is computed at run time' : 'an argument is computed at run time' };
    if (dynamic) found.push('an argument computed at run time');
  }
  if (m.stdinFrom && cmd) {
    const from = cmd.analysed.stdinFrom ?? null;
    if (from === null || !m.stdinFrom.includes(from)) return { ok: false, why: `input is not piped from ${m.stdinFrom.join(', ')}` };
    found.push(`input piped from ${from}`);
  }
  if (m.read) {
    const hit = firstPath(m.read, unit.reads);
    if (hit === undefined) return { ok: false, why: `reads no path matching ${m.read.include.join(', ')}` };
    found.push(`read of ${hit}`);
  }
  if (m.write) {
    const hit = firstPath(m.write, unit.writes);
    if (hit === undefined) return { ok: false, why: `writes no path matching ${m.write.include.join(', ')}` };
    found.push(`write to ${hit}`);
  }
  if (m.domains) {
    const hit = unit.domains.find((d) => m.domains!.some((g) => domainMatches(g, d)));
    if (hit === undefined) return { ok: false, why: `contacts no domain matching ${m.domains.join(', ')}` };
    found.push(`domain ${hit}`);
  }
  if (m.values) {
    const keys = m.keys;
    const hit = unit.values.find((v) => (!keys || keys.includes(v.key)) && m.values!.some((r) => r.test(v.value)));
    if (hit === undefined) return { ok: false, why: `no ${keys ? `${keys.join('/')} ` : ''}value matches ${m.values.map(String).join(' or ')}` };
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
    if (hit === undefined) return { ok: false, why: `no text matches ${m.texts.map(String).join(' or ')}` };
    found.push(`text "${clip(hit, 60)}"`);
  }
  if (m.tools) {
    const hit = unit.tools.find((t) => m.tools!.some((g) => globMatch(g, t)));
    if (hit === undefined) return { ok: false, why: `tool is not ${m.tools.join(', ')}` };
    found.push(`tool ${hit}`);
  }
  return { ok: true, what: found.join(', ') };
}

/**
 * A rule over all units: the first unit where an alternative holds and no `unless` alternative
 * holds for that same unit (so `git status` elsewhere on the line exempts nothing), or why none did.
 */
export function matchRuleUnits(match: readonly Matcher[], unless: readonly Matcher[], units: readonly SubjectUnit[], home: string | undefined): MatchOutcome {
  const reasons = new Set<string>();
  for (const unit of units) {
    for (const m of match) {
      const r = matchUnit(m, unit, home);
      if (!r.ok) { reasons.add(r.why); continue; }
      const exempt = unless.map((u) => matchUnit(u, unit, home)).find((x) => x.ok);
      if (exempt?.ok) { reasons.add(`exempted by unless: ${exempt.what}`); break; }
      return r;
    }
  }
  return { ok: false, why: units.length === 0 ? 'nothing to look at' : [...reasons].slice(0, 3).join('; ') };
}
