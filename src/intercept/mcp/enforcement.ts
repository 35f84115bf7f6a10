// From the engine's decision on a tools/call to what the proxy does with it: forward, block or
// hold. Drift blocks with --block-undeclared; an ask verdict with no approval channel blocks and
// says why.
import { maxSeverity, outcomeOf, type Decision } from '../../core/decision.js';
import { CHANGED_TOOL, UNDECLARED_TOOL } from '../../core/detect/detector-rules.js';
import type { BlockReason } from './session-stats.js';

export interface Enforcement {
  readonly decision: Decision;
  readonly action: 'forward' | 'block' | 'hold';
  /** Why it is (or would be) blocked; null when allowed. */
  readonly because: BlockReason | null;
}

export interface EnforcementContext {
  readonly blockUndeclared: boolean;
  /** The server has answered a tools/list. */
  readonly listed: boolean;
  readonly canHold: boolean;
  /** `server/tool`, for reasons. */
  readonly name: string;
}

function categoryOf(rule: string | null): BlockReason {
  if (rule === UNDECLARED_TOOL.rule) return 'undeclared';
  if (rule === CHANGED_TOOL.rule) return 'changed';
  return rule?.startsWith('WD-') ? 'detection' : 'policy';
}

function withDrift(d: Decision, ctx: EnforcementContext): Decision {
  if (!ctx.blockUndeclared || d.verdict === 'block') return d;
  const drift = d.findings.find((f) => f.rule === CHANGED_TOOL.rule) ?? d.findings.find((f) => f.rule === UNDECLARED_TOOL.rule);
  const reason = drift ? `${drift.title}: ${drift.matched}` : !ctx.listed ? `${ctx.name} was called before the server declared its tools (tools/list)` : null;
  if (reason === null) return d;
  return {
    ...d,
    verdict: 'block',
    severity: maxSeverity(d.severity, 'high'),
    outcome: outcomeOf('block', d.mode),
    rule: drift?.rule ?? UNDECLARED_TOOL.rule,
    reason: `${reason} (--block-undeclared${drift ? `; if it is expected: warden mcp tools accept ${ctx.name}${drift.rule === UNDECLARED_TOOL.rule ? ' --undeclared' : ''}` : ''})`,
  };
}

export function enforce(decision: Decision, ctx: EnforcementContext): Enforcement {
  const d = withDrift(decision, ctx);
  switch (d.outcome) {
    case 'allowed':
      return { decision: d, action: 'forward', because: null };
    case 'would_block':
      return { decision: d, action: 'forward', because: d.verdict === 'ask' ? 'approval' : categoryOf(d.rule) };
    case 'blocked':
      return { decision: d, action: 'block', because: categoryOf(d.rule) };
    case 'held':
      if (ctx.canHold) return { decision: d, action: 'hold', because: 'approval' };
      return {
        decision: { ...d, outcome: 'blocked', reason: `${d.reason}; this needs a person's approval, which this proxy cannot ask for` },
        action: 'block',
        because: 'approval',
      };
  }
}

/** The text a blocked call's error carries to the client. */
export function blockMessage(d: Decision, name: string): string {
  return `Warden blocked ${name}: ${d.reason}${d.rule && !d.reason.includes(d.rule) ? ` (rule ${d.rule})` : ''}`;
}
