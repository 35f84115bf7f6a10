// Answers in the JSON Claude Code defined for PreToolUse / PostToolUse, which Codex reads too.
import type { Decision } from '../../core/decision.js';
import { approvalNeededText, askText, denyText, stanceOf, warnText } from './messages.js';
import { jsonResponse, SILENT } from './response.js';
import type { HookPhase, HookResponse } from './types.js';

/**
 * Before the tool: `hookSpecificOutput.permissionDecision` deny / ask with its reason; a warning is
 * `systemMessage` for the user plus `additionalContext` for the model, with no permission decision so
 * the agent's own prompts still apply. After it: top-level `decision: "block"` with `reason`.
 * `canAsk` false turns an ask into a deny that says approval is missing (Codex rejects "ask").
 */
export function claudeStyleResponse(decision: Decision | null, phase: HookPhase, hookEvent: string | undefined, canAsk: boolean): HookResponse {
  const stance = stanceOf(decision);
  if (decision === null || stance === 'silent') return SILENT;
  if (phase === 'pre') {
    const hookEventName = 'PreToolUse';
    if (stance === 'warn') {
      const text = warnText(decision);
      return jsonResponse({ systemMessage: text, hookSpecificOutput: { hookEventName, additionalContext: text } }, text);
    }
    const ask = stance === 'ask' && canAsk;
    const text = stance === 'deny' ? denyText(decision, 'pre') : ask ? askText(decision) : approvalNeededText(decision);
    return jsonResponse({ hookSpecificOutput: { hookEventName, permissionDecision: ask ? 'ask' : 'deny', permissionDecisionReason: text } }, text);
  }
  if (stance === 'warn') {
    const text = warnText(decision);
    const hookEventName = hookEvent === 'PostToolUseFailure' ? hookEvent : 'PostToolUse';
    return jsonResponse({ systemMessage: text, hookSpecificOutput: { hookEventName, additionalContext: text } }, text);
  }
  // The tool already ran: a hold cannot wait for a person any more, so it blocks the result too.
  const text = denyText(decision, 'post');
  return jsonResponse({ decision: 'block', reason: text }, text);
}
