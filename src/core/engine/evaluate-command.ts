// Judges each simple command of an analysed command line against a role's command rules.
import type { CommandDecision } from '../decision.js';
import { compilePattern, matchPattern, type CommandPattern } from '../policy/command-pattern.js';
import { hasGlobChars } from '../policy/glob.js';
import type { CommandRule, Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { viewOf, type CommandView } from '../shell/command-view.js';
import type { AnalysedCommand, ShellAnalysis } from '../shell/types.js';
import { applies, fromDefault, fromRule, verdictOf, type Judgment } from './judgment.js';

const patternCache = new Map<string, CommandPattern>();

function pattern(source: string): CommandPattern {
  let p = patternCache.get(source);
  if (!p) {
    p = compilePattern(source);
    if (patternCache.size > 50_000) patternCache.clear();
    patternCache.set(source, p);
  }
  return p;
}

export function unresolvedJudgment(role: Role, why: string): Judgment {
  return {
    verdict: verdictOf(role.onUnresolved),
    severity: role.onUnresolved === 'allow' ? 'low' : 'medium',
    rule: null,
    reason: `cannot be resolved statically: ${why}; role ${role.name} says ${role.onUnresolved} (on_unresolved)`,
  };
}

/** A role's command rule with its pattern compiled once, unless the pattern names a variable. */
interface IndexedRule { readonly rule: CommandRule; readonly fixed: CommandPattern | null }

/** A role's command rules by the program their pattern names; rules naming any program apply to all. */
interface RuleIndex { readonly byBinary: ReadonlyMap<string, readonly IndexedRule[]>; readonly any: readonly IndexedRule[] }
const indexes = new WeakMap<Role, RuleIndex>();

function ruleIndex(role: Role): RuleIndex {
  let index = indexes.get(role);
  if (index) return index;
  const exact = new Map<string, IndexedRule[]>();
  const any: IndexedRule[] = [];
  for (const rule of role.commands) {
    const first = rule.pattern.trim().split(/\s+/)[0] ?? '';
    const binary = first.includes('{{') ? null : pattern(rule.pattern).binary;
    const indexed: IndexedRule = { rule, fixed: rule.pattern.includes('{{') ? null : pattern(rule.pattern) };
    if (binary === null || hasGlobChars(binary)) any.push(indexed);
    else exact.set(binary, [...(exact.get(binary) ?? []), indexed]);
  }
  // Each program's list keeps the role's order with the any-program rules merged in.
  const order = new Map(role.commands.map((r, i) => [r, i]));
  const byBinary = new Map([...exact].map(([b, rules]) => [b, [...rules, ...any].sort((x, y) => order.get(x.rule)! - order.get(y.rule)!)]));
  index = { byBinary, any };
  indexes.set(role, index);
  return index;
}

/** The rules that can match a command of this program, in the role's order. */
const candidateRules = (role: Role, binary: string): readonly IndexedRule[] => {
  const index = ruleIndex(role);
  return index.byBinary.get(binary) ?? index.any;
};

/** A rule's pattern on this host: compiled once, or after its variables are filled in (null when one has no value). */
function patternOn(indexed: IndexedRule, variables: Readonly<Record<string, string>>): CommandPattern | null {
  if (indexed.fixed) return indexed.fixed;
  const source = interpolate(indexed.rule.pattern, variables);
  return source === null ? null : pattern(source);
}

const NO_OPINION: Judgment = { verdict: 'allow', severity: 'info', rule: null, reason: 'wrapper; judged by what it runs' };

/** What in a command is not known statically, for a reason. */
function uncertainty(command: AnalysedCommand): string {
  const words = command.argv.flatMap((w) => (w.kind === 'dynamic' ? [w.text] : w.text.startsWith('~') ? [`${w.text} (a home directory)`] : []));
  return words.length ? words.join(' ') : 'an option of unknown arity taking the next word as its value';
}

/** The certain judgment, unless a rule that may match (`pending`) could end another way. */
function settled(role: Role, command: AnalysedCommand, pending: CommandRule | null, actions: ReadonlySet<string> | null, certain: Judgment, action: string | null): Judgment {
  if (!pending || (actions!.size === 1 && actions!.has(action ?? ''))) return certain;
  return { ...unresolvedJudgment(role, `${uncertainty(command)} could make it match rule ${pending.id} (${pending.action})`), rule: pending.id };
}

/**
 * The first rule that certainly matches decides. A rule that matches only for some run-time values
 * (`maybe`) makes the outcome uncertain unless every way it could go gives the same action.
 */
export function judgeCommand(role: Role, command: AnalysedCommand, variables: Readonly<Record<string, string>>, given?: CommandView): Judgment {
  if (command.unresolved !== null || command.binary === null) return unresolvedJudgment(role, command.unresolved ?? 'unknown command');
  const view = given ?? viewOf(command);
  // The first rule that may match, and the actions of all that may (most commands have none).
  let pending: CommandRule | null = null;
  let pendingActions: Set<string> | null = null;
  for (const indexed of candidateRules(role, view.binary)) {
    const rule = indexed.rule;
    if (!applies(rule, variables)) continue;
    const compiled = patternOn(indexed, variables);
    if (compiled === null) continue;
    const result = matchPattern(compiled, view);
    if (result === 'match') return settled(role, command, pending, pendingActions, fromRule(rule, `\`${command.binary}\``), rule.action);
    if (result === 'maybe' && rule.action !== 'allow' && role.onUnresolved !== 'allow') {
      pending ??= rule;
      (pendingActions ??= new Set()).add(rule.action);
    }
  }
  if (command.neutral) return settled(role, command, pending, pendingActions, NO_OPINION, null);
  return settled(role, command, pending, pendingActions, fromDefault(role.defaults.command, `\`${command.binary}\``, role.name), role.defaults.command);
}

/** `views`: the view of each command (null where it has no program), when already built. */
export function judgeCommandLine(role: Role, analysis: ShellAnalysis, variables: Readonly<Record<string, string>>, views?: readonly (CommandView | null)[]): { commands: CommandDecision[]; problems: Judgment[] } {
  const commands = analysis.commands.map((c, i): CommandDecision => {
    const j = judgeCommand(role, c, variables, views?.[i] ?? undefined);
    return {
      source: c.source,
      argv: c.argv.map((w) => w.text),
      binary: c.binary,
      via: c.via,
      verdict: j.verdict,
      severity: j.severity,
      rule: j.rule,
      reason: j.reason,
      unresolved: c.unresolved,
    };
  });
  // A problem with the line as a whole is never silently allowed: it takes on_unresolved, at least flag.
  const problems = analysis.problems.map((p): Judgment => {
    const j = unresolvedJudgment(role, p);
    return j.verdict === 'allow' ? { ...j, verdict: 'flag' } : j;
  });
  return { commands, problems };
}
