// A tools/call result from the server, scanned before the client sees it: credentials are
// redacted when the policy says so (redact_results), and in enforce mode a result the rules
// block or hold (an injected instruction) is withheld and replaced by an error result saying why.
import type { Decision } from '../../core/decision.js';
import type { SessionJudge, SessionRecord } from './session-types.js';

export interface ResultOptions {
  readonly server: string;
  readonly tool: string;
  readonly judge: SessionJudge;
  readonly context: Record<string, string | undefined>;
  readonly now: number;
  readonly timer: () => number;
}

export interface ResultOutcome {
  /** The result to send instead, or undefined to forward the server's. */
  readonly replacement: unknown;
  readonly action: 'passed' | 'redacted' | 'withheld';
  readonly record: SessionRecord | null;
}

export function withheldResult(name: string, d: Decision): Record<string, unknown> {
  return {
    content: [{ type: 'text', text: `Warden withheld the result of ${name}: ${d.reason}${d.rule ? ` (rule ${d.rule})` : ''}` }],
    isError: true,
  };
}

export function judgeToolResult(result: unknown, o: ResultOptions): ResultOutcome {
  const name = `${o.server}/${o.tool}`;
  const t0 = o.timer();
  const event = { kind: 'tool_result' as const, tool: name, content: result, context: o.context };
  const decision = o.judge.evaluate(event, o.now);
  let action: ResultOutcome['action'] = 'passed';
  let replacement: unknown;
  if (o.judge.mode === 'enforce' && (decision.outcome === 'blocked' || decision.outcome === 'held')) {
    action = 'withheld';
    replacement = withheldResult(name, decision);
  } else if (decision.redactedContent !== undefined) {
    action = 'redacted';
    replacement = decision.redactedContent;
  }
  const record: SessionRecord | null = decision.findings.length > 0 ? { kind: 'scan', event, decision, action, judgedMs: o.timer() - t0 } : null;
  return { replacement, action, record };
}
