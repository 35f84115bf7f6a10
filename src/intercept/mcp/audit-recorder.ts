// Session records into the host's audit log (durable before the promise resolves) and, when
// asked, the JSONL log. Arguments are redacted and clipped before either sees them.
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import { auditEntryOf } from '../../audit/from-decision.js';
import { redactText } from '../../core/detect/redact.js';
import { clipForLog, LOG_CLIP } from '../../audit/clip.js';
import type { JsonlLog } from './jsonl-log.js';
import type { SessionRecord, SessionRecorder } from './session-types.js';

export interface RecorderTargets {
  readonly server: string;
  readonly audit: AuditLog | null;
  readonly jsonl: JsonlLog | null;
  readonly host?: string;
  readonly clock?: () => number;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function auditEntryOfRecord(r: SessionRecord, server: string, host: string | undefined): AuditEntryInput {
  switch (r.kind) {
    case 'call':
      // The log redacts and clips the arguments itself (the entry's own are the event's).
      return { ...auditEntryOf(r.event, r.decision, { latencyMs: r.judgedMs, host }), outcome: r.outcome, clipArguments: LOG_CLIP };
    case 'scan':
      return auditEntryOf(r.event, r.decision, { latencyMs: r.judgedMs, host });
    case 'invalid':
      return {
        type: 'integrity', host: host ?? null, subject: `MCP server ${server}: unjudgeable message from the ${r.from}`,
        verdict: 'block', outcome: r.outcome, severity: 'medium', reason: r.error,
      };
  }
}

export function jsonlOfRecord(r: SessionRecord, server: string, ts: string): Record<string, unknown> {
  switch (r.kind) {
    case 'call': {
      const d = r.decision;
      return {
        ts, type: 'tools/call', server, tool: r.event.tool, id: r.id, args: clipForLog(r.event.arguments),
        policy: r.outcome, verdict: d.verdict, severity: d.severity, rule: d.rule, reason: redactText(d.reason), blocked_by: r.because,
        findings: d.findings.map((f) => f.rule), judge_ms: round(r.judgedMs),
      };
    }
    case 'scan': {
      const d = r.decision;
      const tool = r.event.kind === 'tool_description' ? r.event.tool : r.event.kind === 'tool_result' ? r.event.tool : null;
      return {
        ts, type: r.event.kind, server, tool, action: r.action, policy: d.outcome, verdict: d.verdict, severity: d.severity,
        rule: d.rule, reason: redactText(d.reason), findings: d.findings.map((f) => f.rule), judge_ms: round(r.judgedMs),
      };
    }
    case 'invalid':
      return { ts, type: 'invalid_message', server, from: r.from, policy: r.outcome, error: redactText(r.error), bytes: r.bytes };
  }
}

export function auditRecorder(t: RecorderTargets): SessionRecorder {
  const clock = t.clock ?? Date.now;
  return {
    async record(r) {
      t.jsonl?.write(jsonlOfRecord(r, t.server, new Date(clock()).toISOString()));
      if (t.audit) await t.audit.append(auditEntryOfRecord(r, t.server, t.host));
    },
  };
}
