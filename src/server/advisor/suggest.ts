// Turns clusters into proposed rules: routine operations become allow rules, risky ones deny
// (critical) or ask rules; clusters the role already decides the same way are left out.
import type { Action } from '../../core/vocabulary.js';
import { globMatch } from '../../core/policy/glob.js';
import { ruleCovers } from './rule-match.js';
import type { Cluster, RiskLevel, SuggestedChange } from './types.js';

export const ROUTINE_MIN_COUNT = 5;
export const ROUTINE_MIN_SESSIONS = 2;

interface ExistingRule {
  readonly pattern?: unknown;
  readonly tool?: unknown;
  readonly action?: unknown;
  readonly when?: unknown;
}

/** Confidence from volume (half) and session spread (half), 0–100. */
export function confidenceOf(count: number, sessions: number): number {
  const volume = Math.min(1, Math.log10(Math.max(1, count)) / 2);
  const spread = Math.min(1, Math.max(0, sessions - 1) / 4);
  return Math.round(100 * (0.5 * volume + 0.5 * spread));
}

interface Covering { readonly index: number; readonly text: string; readonly action: string | null }

/** The first unconditional rule that covers the cluster, or null. */
function covering(c: Cluster, rules: readonly ExistingRule[]): Covering | null {
  for (const [index, r] of rules.entries()) {
    if (r.when !== undefined) continue;
    const text = c.kind === 'command' ? r.pattern : r.tool;
    if (typeof text !== 'string') continue;
    const covers = text === c.rule || ruleCovers(c.kind, text, c.sample) || globMatch(text, c.sample) || (c.kind === 'command' && globMatch(text.replace(/ \*$/, '*'), c.sample));
    if (covers) return { index, text, action: typeof r.action === 'string' ? r.action : null };
  }
  return null;
}

function evidenceText(c: Cluster): string {
  return `seen ${c.count} time${c.count === 1 ? '' : 's'} in ${c.sessions} session${c.sessions === 1 ? '' : 's'} on ${c.hosts} host${c.hosts === 1 ? '' : 's'}`;
}

function proposal(c: Cluster): { action: Action; risk: RiskLevel; reasoning: string } | null {
  const risky = c.highFindings + c.criticalFindings;
  if (c.criticalFindings > 0) {
    return { action: 'deny', risk: 'critical', reasoning: `${evidenceText(c)}; ${c.criticalFindings} with a critical finding${c.blocked ? `, ${c.blocked} blocked or would have been` : ''}. Denying it stops the operation; if an agent needs it legitimately, its workflow breaks.` };
  }
  if (risky > 0 || c.blocked > 0) {
    return { action: 'ask', risk: c.highFindings > 0 ? 'high' : 'medium', reasoning: `${evidenceText(c)}; ${c.highFindings} with a high-severity finding, ${c.blocked} blocked or would have been. Asking holds each call for a person instead of letting it run unreviewed.` };
  }
  if (c.count >= ROUTINE_MIN_COUNT && c.sessions >= ROUTINE_MIN_SESSIONS) {
    return { action: 'allow', risk: 'low', reasoning: `${evidenceText(c)}, with no high or critical finding and nothing blocked: routine work. Allowing it explicitly keeps it running if the defaults tighten; if the pattern is broader than the agent needs, it permits more than was observed.` };
  }
  return null;
}

export function suggestChanges(clusters: readonly Cluster[], spec: { readonly commands?: unknown; readonly mcp?: unknown }): SuggestedChange[] {
  const rulesOf = (v: unknown): readonly ExistingRule[] => (Array.isArray(v) ? (v as ExistingRule[]) : []);
  const out: SuggestedChange[] = [];
  for (const c of clusters) {
    const p = proposal(c);
    if (p === null) continue;
    const existing = covering(c, rulesOf(c.kind === 'command' ? spec.commands : spec.mcp));
    // Same decision already, or a deny rule that is stricter than the ask proposed: nothing to change.
    if (existing?.action === p.action || (existing?.action === 'deny' && p.action === 'ask')) continue;
    // A deny or ask rule rests on what was risky, not on volume: its confidence is at least the share of risky events.
    const risky = Math.max(c.highFindings + c.criticalFindings, c.blocked);
    const confidence = p.action === 'allow' ? confidenceOf(c.count, c.sessions) : Math.max(confidenceOf(c.count, c.sessions), Math.min(95, Math.round((100 * risky) / c.count)));
    const evidence = { count: c.count, sessions: c.sessions, hosts: c.hosts, highFindings: c.highFindings, criticalFindings: c.criticalFindings, blocked: c.blocked };
    // An allow rule with exactly this text let risky events through: change its action in place
    // rather than add a second rule with the same text. A broader allow rule is narrowed instead,
    // by the stricter rule for this cluster going before it.
    if (existing !== null && existing.action === 'allow' && p.action !== 'allow' && existing.text === c.rule) {
      out.push({
        op: 'modify', kind: c.kind, rule: c.rule, action: p.action, confidence, risk: p.risk,
        reasoning: `The allow rule matched risky work: ${p.reasoning}`, evidence, target: { index: existing.index, rule: existing.text, action: 'allow' },
      });
      continue;
    }
    out.push({ op: 'add', kind: c.kind, rule: c.rule, action: p.action, confidence, risk: p.risk, reasoning: p.reasoning, evidence });
  }
  const rank = { deny: 0, ask: 1, allow: 2 } as const;
  return out.sort((a, b) => rank[a.action] - rank[b.action] || b.confidence - a.confidence);
}
