// Folds what the detectors observed into the engine's decision: their findings join the rule
// pack's, and the strictest verdict speaks (the more severe one on a tie), as in the engine.
import { maxSeverity, outcomeOf, stricterVerdict, type Decision } from '../decision.js';
import type { Observation } from './runtime-detectors.js';

export function applyObservation(decision: Decision, observation: Observation): Decision {
  let { verdict, severity, rule, reason } = decision;
  for (const f of observation.findings) {
    if (stricterVerdict(f.verdict, verdict) || (f.verdict === verdict && maxSeverity(f.severity, severity) !== severity)) {
      ({ verdict, severity } = f);
      rule = f.rule;
      reason = `${f.title}: ${f.matched}`;
    }
  }
  return { ...decision, verdict, severity, rule, reason, outcome: outcomeOf(verdict, decision.mode), findings: [...decision.findings, ...observation.findings] };
}
