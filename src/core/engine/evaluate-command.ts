// Judges each simple command of an analysed command line against a role's command rules.
import type { CommandDecision } from '../decision.js';
import { compilePattern, matchPattern, type CommandPattern } from '../policy/command-pattern.js';
import type { Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { commandView } from '../shell/command-view.js';
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

function unresolvedJudgment(role: Role, why: string): Judgment {
  return {
    verdict: verdictOf(role.onUnresolved),
    severity: role.onUnresolved === 'allow' ? 'low' : 'medium',
    rule: null,
    reason: `cannot be resolved statically: ${why}; role ${role.name} says ${role.onUnresolved} (on_unresolved)`,
  };
}

const NO_OPINION: Judgment = { verdict: 'allow', severity: 'info', rule: null, reason: 'wrapper; judged by what it runs' };

export function judgeCommand(role: Role, command: AnalysedCommand, variables: Readonly<Record<string, string>>): Judgment {
  if (command.unresolved !== null || command.binary === null) return unresolvedJudgment(role, command.unresolved ?? 'unknown command');
  const view = commandView(command.binary, command.argv.slice(1));
  for (const rule of role.commands) {
    if (!applies(rule, variables)) continue;
    const source = interpolate(rule.pattern, variables);
    if (source === null) continue;
    const result = matchPattern(pattern(source), view);
    if (result === 'match') return fromRule(rule, `\`${command.binary}\``);
    if (result === 'maybe' && rule.action !== 'allow' && role.onUnresolved !== 'allow') {
      const dynamic = command.argv.filter((w) => w.kind === 'dynamic').map((w) => w.text).join(' ');
      const what = dynamic || 'an option of unknown arity taking the next word as its value';
      return { ...unresolvedJudgment(role, `${what} could make it match rule ${rule.id} (${rule.action})`), rule: rule.id };
    }
  }
  return command.neutral ? NO_OPINION : fromDefault(role.defaults.command, `\`${command.binary}\``, role.name);
}

export function judgeCommandLine(role: Role, analysis: ShellAnalysis, variables: Readonly<Record<string, string>>): { commands: CommandDecision[]; problems: Judgment[] } {
  const commands = analysis.commands.map((c): CommandDecision => {
    const j = judgeCommand(role, c, variables);
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
