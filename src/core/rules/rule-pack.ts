// The rule pack: which rules run (profile, overrides, tool scoping) and what they found.
import { globMatch } from '../policy/glob.js';
import type { Severity, Verdict } from '../policy/schema.js';
import { candidateRules, commandPlan, type CommandPlan } from './command-plan.js';
import { hasOf, matchRuleUnit, matchRuleUnits, NEEDS } from './match-rule.js';
import { pathSetTest, type PathTest } from './path-set.js';
import type { DetectionRule } from './rule.js';
import type { DetectionSettings, Profile } from './settings.js';
import type { Subjects } from './subjects.js';

export interface Finding {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly verdict: Verdict;
  /** What in the event matched, for people. */
  readonly matched: string;
  readonly tags: readonly string[];
}

export interface Explanation {
  readonly rule: string;
  readonly title: string;
  readonly matched: boolean;
  readonly detail: string;
}

/** critical → block, high → ask (held), medium → flag, low/info → logged only. */
export function verdictForSeverity(severity: Severity): Verdict {
  return severity === 'critical' ? 'block' : severity === 'high' ? 'ask' : severity === 'medium' ? 'flag' : 'allow';
}

export function inProfile(rule: DetectionRule, profile: Profile): boolean {
  if (profile === 'strict') return true;
  if (rule.maturity !== 'stable') return false;
  return profile === 'standard' || rule.severity === 'critical';
}

/**
 * Programs a rule can only ever match — exact names, and name prefixes of globbed names
 * (`python*`) — or null when some alternative can match any event.
 */
export interface RuleBinaries { readonly exact: ReadonlySet<string>; readonly prefixes: readonly string[] }

/** Alternatives that can match a simple command: not those on tool output or on MCP argument keys. */
const commandCapable = (m: DetectionRule['match'][number]): boolean => !m.texts && !(m.keys && !m.keys.includes(''));

function binariesOf(rule: DetectionRule): RuleBinaries | null {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const m of rule.match) {
    if (!commandCapable(m)) continue;
    if (!m.commands) return null;
    for (const p of m.commands) {
      const glob = p.binary.search(/[*?[]/);
      if (glob === -1) exact.add(p.binary);
      else if (glob === 0) return null;
      else prefixes.push(p.binary.slice(0, glob));
    }
  }
  return { exact, prefixes };
}

/** Whether some alternative needs nothing the units lack (`has`); a loop, as this runs per rule and event. */
function anyAlternativeFits(match: DetectionRule['match'], has: number): boolean {
  for (const m of match) if ((m.needs & ~has) === 0) return true;
  return false;
}

const overridden = new WeakMap<DetectionSettings['overrides'], boolean>();

/** Whether a policy's overrides name any rule, worked out once per overrides object. */
function hasOverrides(overrides: DetectionSettings['overrides']): boolean {
  let has = overridden.get(overrides);
  if (has === undefined) overridden.set(overrides, has = Object.keys(overrides).length > 0);
  return has;
}

export class RulePack {
  private readonly binaries = new Map<string, RuleBinaries | null>();
  /** Indexes of the rules one kind of event can meet under one profile, in pack order. */
  private readonly ofKind = new Map<string, readonly number[]>();
  private readonly plans = new Map<Profile, CommandPlan>();

  constructor(readonly rules: readonly DetectionRule[]) {
    for (const r of rules) this.binaries.set(r.id, binariesOf(r));
  }

  private rulesFor(kind: Subjects['kind'], profile: Profile): readonly number[] {
    const key = `${kind}\u0000${profile}`;
    let c = this.ofKind.get(key);
    if (!c) {
      c = this.rules.flatMap((rule, i) => (rule.appliesTo.has(kind) && inProfile(rule, profile) ? [i] : []));
      this.ofKind.set(key, c);
    }
    return c;
  }

  /** Tool scoping and overrides: whether a selected rule still runs for this event. */
  private toolAllows(rule: DetectionRule, tool: string | null, settings: DetectionSettings): boolean {
    // Most policies override nothing: then no lookup by rule id (a keyed read that sees every id).
    const o = hasOverrides(settings.overrides) ? settings.overrides[rule.id] : undefined;
    if (o?.disabled) return false;
    if (!tool) return true;
    const only = o?.applyToTools ?? rule.applyToTools;
    if (only && !only.some((g) => globMatch(g, tool))) return false;
    if (rule.exemptTools.some((g) => globMatch(g, tool))) return false;
    return !(o?.exemptTools ?? []).some((g) => globMatch(g, tool));
  }

  private readonly strictPrograms = new Map<Profile, RuleBinaries>();

  /**
   * Programs the pack's blocking and holding rules (critical, high) of a profile can match: exact
   * names and name prefixes. Rules that can match any program are left out.
   */
  strictCommandPrograms(profile: Profile): RuleBinaries {
    let programs = this.strictPrograms.get(profile);
    if (!programs) {
      const exact = new Set<string>();
      const prefixes: string[] = [];
      for (const i of this.rulesFor('command', profile)) {
        const rule = this.rules[i]!;
        const bins = this.binaries.get(rule.id);
        if (!bins || (rule.severity !== 'critical' && rule.severity !== 'high')) continue;
        for (const b of bins.exact) exact.add(b);
        prefixes.push(...bins.prefixes);
      }
      programs = { exact, prefixes };
      this.strictPrograms.set(profile, programs);
    }
    return programs;
  }

  get(id: string): DetectionRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** Why a rule does not run for these subjects, or null when it runs. */
  private skipReason(rule: DetectionRule, subjects: Subjects, settings: DetectionSettings): string | null {
    const o = settings.overrides[rule.id];
    if (o?.disabled) return 'disabled by the policy';
    if (!inProfile(rule, settings.profile)) return `not in the ${settings.profile} profile (${rule.maturity}, ${rule.severity})`;
    if (!rule.appliesTo.has(subjects.kind)) return `does not look at ${subjects.kind} events`;
    const tool = subjects.tool;
    const only = o?.applyToTools ?? rule.applyToTools;
    if (tool && only && !only.some((g) => globMatch(g, tool))) return `applies only to tools ${only.join(', ')}`;
    const exempt = [...rule.exemptTools, ...(o?.exemptTools ?? [])];
    if (tool && exempt.some((g) => globMatch(g, tool))) return `tool ${tool} is exempt`;
    const bins = subjects.kind === 'command' ? this.binaries.get(rule.id) : null;
    const mayLook = (b: string): boolean => bins !== null && bins !== undefined && (bins.exact.has(b) || bins.prefixes.some((p) => b.startsWith(p)));
    if (bins && !subjects.units.some((u) => u.command && mayLook(u.command.view.binary))) return `looks only at ${[...bins.exact, ...bins.prefixes.map((p) => `${p}*`)].join(', ')}`;
    return null;
  }

  /**
   * Every path glob any rule reads or writes, as one test each: a unit whose paths match none of
   * them cannot meet any alternative that needs a read or a write, so those are skipped at once.
   */
  private unions: { read: PathTest; write: PathTest } | null = null;

  private masks(units: Subjects['units']): number[] {
    this.unions ??= {
      read: pathSetTest({ include: this.rules.flatMap((r) => [...r.match, ...r.unless].flatMap((m) => m.read?.include ?? [])), exclude: [] }),
      write: pathSetTest({ include: this.rules.flatMap((r) => [...r.match, ...r.unless].flatMap((m) => m.write?.include ?? [])), exclude: [] }),
    };
    const { read, write } = this.unions;
    return units.map((u) => {
      let h = hasOf(u);
      if (h & NEEDS.reads && !u.reads.some((p) => read.test(p))) h &= ~NEEDS.reads;
      if (h & NEEDS.writes && !u.writes.some((p) => write.test(p))) h &= ~NEEDS.writes;
      return h;
    });
  }

  /** Commands: rules picked per match alternative and per command (see command-plan.ts). */
  private evaluateCommand(subjects: Subjects, settings: DetectionSettings): Finding[] {
    let plan = this.plans.get(settings.profile);
    if (!plan) {
      plan = commandPlan(this.rules, this.rulesFor('command', settings.profile));
      this.plans.set(settings.profile, plan);
    }
    // Unit by unit, each candidate rule not yet found is matched on it: a rule's finding is the
    // first unit it holds on, as matchRuleUnits would give over all the units in order.
    const candidates = plan.candidates;
    let found: Map<number, string> | null = null;
    for (const unit of subjects.units) {
      candidateRules(plan, unit, candidates);
      for (let c = 0; c < candidates.count; c++) {
        const i = candidates.rules[c]!;
        if (found?.has(i)) continue;
        const rule = this.rules[i]!;
        if (!this.toolAllows(rule, subjects.tool, settings)) continue;
        const hit = matchRuleUnit(rule.match, rule.unless, unit);
        if (hit.ok) (found ??= new Map()).set(i, hit.what);
      }
    }
    if (found === null) return [];
    // Pack order; a typed array sorts numbers in place, without a comparator to call.
    const order = new Int32Array(found.size);
    let n = 0;
    for (const i of found.keys()) order[n++] = i;
    const findings: Finding[] = [];
    for (const i of order.sort()) findings.push(this.finding(this.rules[i]!, found.get(i)!, settings));
    return findings;
  }

  private finding(rule: DetectionRule, matched: string, settings: DetectionSettings): Finding {
    return {
      rule: rule.id,
      title: rule.title,
      severity: rule.severity,
      verdict: settings.overrides[rule.id]?.verdict ?? verdictForSeverity(rule.severity),
      matched,
      tags: rule.tags,
    };
  }

  evaluate(subjects: Subjects, settings: DetectionSettings): Finding[] {
    if (subjects.kind === 'command') return this.evaluateCommand(subjects, settings);
    const findings: Finding[] = [];
    const masks = this.masks(subjects.units);
    let has = 0;
    for (const m of masks) has |= m;
    // Other events are one unit each: every rule of their kind is worth trying.
    for (const i of this.rulesFor(subjects.kind, settings.profile)) {
      const rule = this.rules[i]!;
      if (!anyAlternativeFits(rule.match, has)) continue;
      if (!this.toolAllows(rule, subjects.tool, settings)) continue;
      const hit = matchRuleUnits(rule.match, rule.unless, subjects.units, false, masks);
      if (hit.ok) findings.push(this.finding(rule, hit.what, settings));
    }
    return findings;
  }

  /** Every rule that looked, and why it matched or not. */
  explain(subjects: Subjects, settings: DetectionSettings): Explanation[] {
    return this.rules.map((rule) => this.explainRule(rule, subjects, settings));
  }

  explainRule(rule: DetectionRule, subjects: Subjects, settings: DetectionSettings): Explanation {
    {
      const skip = this.skipReason(rule, subjects, settings);
      if (skip !== null) return { rule: rule.id, title: rule.title, matched: false, detail: `skipped: ${skip}` };
      const hit = matchRuleUnits(rule.match, rule.unless, subjects.units, true);
      if (!hit.ok) return { rule: rule.id, title: rule.title, matched: false, detail: hit.why };
      return { rule: rule.id, title: rule.title, matched: true, detail: hit.what };
    }
  }
}
