// The findings runtime detectors report, in the rule pack's Finding shape, with stable rule ids.
import type { Severity, Verdict } from '../vocabulary.js';
import { verdictForSeverity, type Finding } from '../rules/rule-pack.js';

export interface DetectorRule {
  readonly rule: string;
  readonly title: string;
  readonly tags: readonly string[];
}

export const LEAK_IN_ARGUMENTS: DetectorRule = { rule: 'WD-LEAK-001', title: 'Credential in tool arguments', tags: ['T1552', 'credential-access'] };
export const LEAK_IN_OUTPUT: DetectorRule = { rule: 'WD-LEAK-002', title: 'Credential in tool output', tags: ['T1552', 'credential-access'] };
export const RATE_LIMIT: DetectorRule = { rule: 'WD-RATE-001', title: 'Tool call rate limit exceeded', tags: ['T1499', 'runaway'] };
export const UNDECLARED_TOOL: DetectorRule = { rule: 'WD-DRIFT-001', title: 'Call to an undeclared tool', tags: ['T1195', 'mcp'] };
export const CHANGED_TOOL: DetectorRule = { rule: 'WD-DRIFT-002', title: 'Tool definition changed after it was first seen', tags: ['T1195', 'mcp', 'rug-pull'] };
export const ELEVATED_RISK: DetectorRule = { rule: 'WD-RISK-001', title: 'Elevated cumulative risk', tags: ['risk'] };

export function detectorFinding(rule: DetectorRule, severity: Severity, matched: string, verdict: Verdict = verdictForSeverity(severity)): Finding {
  return { rule: rule.rule, title: rule.title, severity, verdict, matched, tags: rule.tags };
}
