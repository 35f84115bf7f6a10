// Reviews a role's existing allow rules against the audit window: a rule no event matched in a
// window with enough events is proposed for removal (least privilege).
import { ruleCovers } from './rule-match.js';
import type { AdvisorEvent, RemoveChange } from './types.js';

/** Below this many events in the window, an unmatched rule says nothing about need. */
export const REMOVE_MIN_EVENTS = 50;

interface ExistingRule { readonly pattern?: unknown; readonly tool?: unknown; readonly action?: unknown; readonly when?: unknown }

const CATCH_ALL = new Set(['*', '* *', '*/*']);

function kindOf(e: AdvisorEvent): 'command' | 'mcp' | null {
  return e.type === 'command' ? 'command' : e.type === 'mcp_tool_call' ? 'mcp' : null;
}

export function unusedRuleChanges(events: readonly AdvisorEvent[], spec: { readonly commands?: unknown; readonly mcp?: unknown }, days: number): RemoveChange[] {
  const total = events.length;
  if (total < REMOVE_MIN_EVENTS) return [];
  const sessions = new Set(events.map((e) => `${e.hostId}\u0000${e.session ?? ''}`)).size;
  const hosts = new Set(events.map((e) => e.hostId)).size;
  // Confidence from how much was observed: 50 events → 50, 5,000 or more → 95.
  const confidence = Math.min(95, Math.round(50 + 22.5 * Math.log10(total / REMOVE_MIN_EVENTS)));
  const out: RemoveChange[] = [];
  for (const kind of ['command', 'mcp'] as const) {
    const rules = (Array.isArray(kind === 'command' ? spec.commands : spec.mcp) ? (kind === 'command' ? spec.commands : spec.mcp) : []) as ExistingRule[];
    const subjects = events.filter((e) => kindOf(e) === kind).map((e) => e.subject);
    for (const [index, r] of rules.entries()) {
      const text = kind === 'command' ? r.pattern : r.tool;
      if (r.action !== 'allow' || r.when !== undefined || typeof text !== 'string' || CATCH_ALL.has(text)) continue;
      if (subjects.some((s) => ruleCovers(kind, text, s))) continue;
      out.push({
        op: 'remove', kind, rule: text, action: 'allow', confidence, risk: 'medium',
        reasoning: `unused in ${days} day${days === 1 ? '' : 's'} over ${total} events (${sessions} session${sessions === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}): no ${kind === 'command' ? 'command' : 'tool call'} matched it. Removing it tightens the role; if an agent needs it for rare work (a release, a migration), that work stops until it is allowed again.`,
        evidence: { count: 0, sessions: 0, hosts: 0, highFindings: 0, criticalFindings: 0, blocked: 0 },
        target: { index, rule: text, action: 'allow' },
      });
    }
  }
  return out;
}
