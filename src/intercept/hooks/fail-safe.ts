// The decision when Warden cannot judge a call (an unreadable payload, no policy, an error while
// judging, the audit log not writable): fail safe and say so. The role's on_error decides; unset,
// enforce mode or a mode that cannot be known blocks with the reason, and monitor mode lets the
// call through with a warning that says what went wrong.
import type { Decision } from '../../core/decision.js';
import type { Mode } from '../../core/vocabulary.js';

export const FAIL_SAFE_RULE = 'warden-unavailable';

export type OnError = 'block' | 'allow';

export function failSafeDecision(problem: string, mode: Mode | null, role = 'unknown', onError?: OnError | null): Decision {
  const base = { mode: mode ?? 'enforce', severity: 'high', role, rule: FAIL_SAFE_RULE, commands: [], findings: [] } as const;
  const said = `role ${role} says on_error: ${onError}`;
  if (onError === 'allow' && mode !== 'monitor') {
    return { ...base, verdict: 'flag', outcome: 'allowed', reason: `Warden cannot judge this call (${problem}); ${said}, so it goes through` };
  }
  if (onError === 'block' && mode === 'monitor') {
    return { ...base, verdict: 'block', outcome: 'blocked', reason: `Warden cannot judge this call (${problem}); ${said}, even in monitor mode` };
  }
  const monitor = mode === 'monitor';
  const how = monitor ? 'monitor mode lets it through' : mode === 'enforce' ? 'enforce mode fails closed' : 'the policy mode is unknown, so it fails closed';
  return { ...base, verdict: 'block', outcome: monitor ? 'would_block' : 'blocked', reason: `Warden cannot judge this call (${problem}); ${how}` };
}
