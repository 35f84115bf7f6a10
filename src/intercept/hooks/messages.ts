// What a decision asks of the agent, and the words that say so.
import type { Decision } from '../../core/decision.js';

/** silent: no opinion, the agent's own permission flow applies; warn: allow, but say why. */
export type Stance = 'silent' | 'warn' | 'ask' | 'deny';

export function stanceOf(decision: Decision | null): Stance {
  if (decision === null) return 'silent';
  switch (decision.outcome) {
    case 'blocked':
      return 'deny';
    case 'held':
      return 'ask';
    case 'would_block':
      return 'warn';
    case 'allowed':
      return decision.verdict === 'allow' && decision.findings.length === 0 ? 'silent' : 'warn';
    default:
      // An outcome this code does not know is not an allowance.
      return 'deny';
  }
}

const MAX_TEXT = 2000;

/** Control characters (terminal escapes, bidirectional overrides) out, length bounded. */
export function cleanText(text: string): string {
  const head = text.length > MAX_TEXT * 2 ? text.slice(0, MAX_TEXT * 2) : text;
  let clean = '';
  for (const char of head) clean += unsafe(char.codePointAt(0) ?? 0) ? '?' : char;
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}

/** C0 and C1 controls but tab and newline, directional marks, embeddings, overrides and isolates. */
function unsafe(code: number): boolean {
  if (code === 0x09 || code === 0x0a) return false;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

function because(decision: Decision): string {
  const rule = decision.rule ? ` (${decision.rule})` : '';
  const reason = decision.reason.trim() || 'no reason given';
  return `${rule}: ${reason}`;
}

export function denyText(decision: Decision, phase: 'pre' | 'post'): string {
  return cleanText(phase === 'pre' ? `Blocked by Warden${because(decision)}` : `Warden blocked this tool result${because(decision)}`);
}

/** For an agent that asks its user itself. */
export function askText(decision: Decision): string {
  return cleanText(`Warden holds this for a person to approve${because(decision)}`);
}

/** For an agent that cannot ask: a deny that says approval is what is missing. */
export function approvalNeededText(decision: Decision): string {
  return cleanText(`Blocked by Warden until a person approves it${because(decision)}`);
}

export function warnText(decision: Decision): string {
  if (decision.outcome === 'would_block') {
    const what = decision.verdict === 'ask' ? 'held this for approval' : 'blocked this';
    return cleanText(`Warden (monitor mode) would have ${what}${because(decision)}`);
  }
  const found = decision.findings.slice(0, 3).map((f) => `${f.title} [${f.rule}]`);
  const more = decision.findings.length > 3 ? `; and ${decision.findings.length - 3} more` : '';
  return cleanText(`Warden warning${because(decision)}${found.length ? ` (found: ${found.join('; ')}${more})` : ''}`);
}

