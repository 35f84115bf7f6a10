// The decision when Warden cannot judge a call (an unreadable payload, no policy, an error while
// judging): fail safe and say so. Enforce mode, or a mode that cannot be known, blocks with the
// reason; monitor mode lets the call through with a warning that says what went wrong.
import type { Decision } from '../../core/decision.js';
import type { Mode } from '../../core/vocabulary.js';

export const FAIL_SAFE_RULE = 'warden-unavailable';

export function failSafeDecision(problem: string, mode: Mode | null, role = 'unknown'): Decision {
  const monitor = mode === 'monitor';
  const how = monitor ? 'monitor mode lets it through' : mode === 'enforce' ? 'enforce mode fails closed' : 'the policy mode is unknown, so it fails closed';
  return {
    verdict: 'block',
    outcome: monitor ? 'would_block' : 'blocked',
    mode: mode ?? 'enforce',
    severity: 'high',
    role,
    rule: FAIL_SAFE_RULE,
    reason: `Warden cannot judge this call (${problem}); ${how}`,
    commands: [],
    findings: [],
  };
}
