// What the engine answers for one event.
import type { Mode, Severity, Verdict } from './policy/schema.js';
import type { Finding } from './rules/rule-pack.js';

export type Outcome = 'allowed' | 'blocked' | 'would_block' | 'held';

/** The judgment of one simple command found in a command line. */
export interface CommandDecision {
  readonly source: string;
  readonly argv: readonly string[];
  readonly binary: string | null;
  readonly via: readonly string[];
  readonly verdict: Verdict;
  readonly severity: Severity;
  readonly rule: string | null;
  readonly reason: string;
  readonly unresolved: string | null;
}

export interface Decision {
  readonly verdict: Verdict;
  readonly outcome: Outcome;
  readonly mode: Mode;
  readonly severity: Severity;
  readonly role: string;
  readonly rule: string | null;
  readonly reason: string;
  /** Every simple command found, for command events; empty otherwise. */
  readonly commands: readonly CommandDecision[];
  /** What the detection rule pack found, whatever the role allows. */
  readonly findings: readonly Finding[];
  /** The agent's cumulative risk after this event, when stateful detectors run. */
  readonly risk?: { readonly score: number; readonly level: number };
  /** A tool result with its credentials redacted, to hand on instead of the original. */
  readonly redactedContent?: unknown;
}

const VERDICT_RANK: Record<Verdict, number> = { allow: 0, flag: 1, ask: 2, block: 3 };
const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export const stricterVerdict = (a: Verdict, b: Verdict): boolean => VERDICT_RANK[a] > VERDICT_RANK[b];
export const maxSeverity = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

export function outcomeOf(verdict: Verdict, mode: Mode): Outcome {
  if (verdict === 'allow' || verdict === 'flag') return 'allowed';
  if (mode === 'monitor') return 'would_block';
  return verdict === 'ask' ? 'held' : 'blocked';
}
