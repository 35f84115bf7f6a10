// The audit entry for a hook call that could not be judged because its payload could not be read
// (not JSON, the wrong shape, too large, never finished): what arrived, clipped and redacted, and
// the fail-safe answer it got.
import type { Decision } from '../core/decision.js';
import { redactText } from '../core/detect/redact.js';
import type { AuditEntryInput } from './entry.js';

/** Characters of the payload kept in the entry. */
export const PAYLOAD_CLIP = 4_096;
/** Read past the clip before redacting, so that a secret cut by the clip is still recognised. */
const REDACT_LOOKAHEAD = 4_096;
const SUBJECT_CLIP = 200;

export interface HookErrorInput {
  readonly agent: string;
  readonly host?: string | null;
  /** What was wrong, as the answer says it. */
  readonly problem: string;
  /** The payload as read; null when none could be read (too large, or stdin never closed). */
  readonly payload: string | null;
  readonly decision: Decision;
  readonly latencyMs?: number;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function hookErrorEntry(o: HookErrorInput): AuditEntryInput {
  const payload = o.payload === null ? null : redactText(o.payload.slice(0, PAYLOAD_CLIP + REDACT_LOOKAHEAD)).slice(0, PAYLOAD_CLIP);
  const preview = payload === null ? '(no payload)' : payload.trim() === '' ? '(empty payload)' : clip(payload.replace(/\s+/g, ' ').trim(), SUBJECT_CLIP);
  const d = o.decision;
  return {
    type: 'hook_error',
    host: o.host ?? null,
    agent: o.agent,
    subject: preview,
    arguments: {
      problem: o.problem,
      payload,
      payloadChars: o.payload?.length ?? null,
      clipped: o.payload !== null && o.payload.length > PAYLOAD_CLIP,
    },
    verdict: d.verdict,
    outcome: d.outcome,
    severity: d.severity,
    role: d.role,
    mode: d.mode,
    rule: d.rule,
    reason: d.reason,
    latencyMs: o.latencyMs ?? null,
    findings: [],
  };
}
