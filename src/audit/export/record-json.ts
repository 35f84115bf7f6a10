// An entry as a JSON object for people and tools: every field, in one fixed order.
import type { AuditRecord } from '../entry.js';

export function recordJson(r: AuditRecord): Record<string, unknown> {
  return {
    seq: r.seq,
    time: r.time,
    type: r.type,
    host: r.host,
    agent: r.agent,
    session: r.session,
    tool: r.tool,
    cwd: r.cwd,
    binary: r.binary,
    subject: r.subject,
    arguments: r.arguments,
    verdict: r.verdict,
    outcome: r.outcome,
    severity: r.severity,
    role: r.role,
    mode: r.mode,
    rule: r.rule,
    reason: r.reason,
    latencyMs: r.latencyMs,
    findings: r.findings,
    hash: r.hash,
  };
}
