// A verdict with the rule and reason behind it: what each evaluator returns.
import type { RuleBase } from '../policy/policy.js';
import type { Action, Severity, Verdict } from '../policy/schema.js';

export interface Judgment {
  readonly verdict: Verdict;
  readonly severity: Severity;
  readonly rule: string | null;
  readonly reason: string;
}

export const verdictOf = (action: Action): Verdict => (action === 'deny' ? 'block' : action);

export function fromRule(rule: RuleBase, what: string): Judgment {
  const verb = rule.action === 'deny' ? 'denied' : rule.action === 'ask' ? 'needs approval' : 'allowed';
  return {
    verdict: verdictOf(rule.action),
    severity: rule.severity,
    rule: rule.id,
    reason: rule.reason ?? `${what} ${verb} by rule ${rule.id}`,
  };
}

export function fromDefault(action: Action, what: string, role: string): Judgment {
  const verb = action === 'deny' ? 'denied' : action === 'ask' ? 'needs approval' : 'allowed';
  return {
    verdict: verdictOf(action),
    severity: action === 'deny' ? 'medium' : action === 'ask' ? 'low' : 'info',
    rule: null,
    reason: `no rule matched ${what}; ${verb} by the default of role ${role}`,
  };
}

/** Rules apply only when every `when` variable has one of its values on this host. */
export function applies(rule: RuleBase, variables: Readonly<Record<string, string>>): boolean {
  // Runs for every rule on every command: no allocation on this path.
  for (const name in rule.when) {
    const value = variables[name];
    if (value === undefined || !rule.when[name]!.includes(value)) return false;
  }
  return true;
}
