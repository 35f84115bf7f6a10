// One answer for a call that gave several events: the decision that restricts the most.
import type { Decision } from '../../core/decision.js';

const OUTCOME_RANK: Readonly<Record<string, number>> = { allowed: 0, would_block: 1, held: 2, blocked: 3 };
const VERDICT_RANK: Readonly<Record<string, number>> = { allow: 0, flag: 1, ask: 2, block: 3 };

/** An outcome this code does not know ranks above a block: it is never taken for an allowance. */
function rank(decision: Decision): number {
  const outcome = OUTCOME_RANK[decision.outcome] ?? 4;
  const warns = decision.findings.length > 0 ? 1 : 0;
  return outcome * 100 + (VERDICT_RANK[decision.verdict] ?? 4) * 10 + warns;
}

/** blocked over held over would_block over allowed; then the stricter verdict; then findings. Null for none. */
export function strictestDecision(decisions: readonly Decision[]): Decision | null {
  let best: Decision | null = null;
  for (const d of decisions) if (best === null || rank(d) > rank(best)) best = d;
  return best;
}
