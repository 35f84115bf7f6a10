// The audit entry for an event the engine judged: what interceptors hand the log.
import type { CommandDecision, Decision } from '../core/decision.js';
import { eventSubject, type Event } from '../core/events.js';
import type { AuditEntryInput } from './entry.js';

export interface DecisionExtras {
  /** Time from interception to decision. */
  readonly latencyMs?: number;
  /** Overrides the event context's host (the daemon knows its own name). */
  readonly host?: string;
}

/** The command that decided: the one the rule matched, else the strictest, else the first. */
function decidingCommand(d: Decision): CommandDecision | undefined {
  return d.commands.find((c) => c.rule !== null && c.rule === d.rule && c.verdict === d.verdict) ?? d.commands.find((c) => c.verdict === d.verdict) ?? d.commands[0];
}

function argumentsOf(event: Event): unknown {
  switch (event.kind) {
    case 'mcp_tool_call': return event.arguments;
    case 'file_access': return { path: event.path, access: event.access };
    case 'web_request': return { url: event.url };
    default: return undefined;
  }
}

export function auditEntryOf(event: Event, decision: Decision, extras: DecisionExtras = {}): AuditEntryInput {
  const c = event.context;
  return {
    type: event.kind,
    host: extras.host ?? c.host ?? null,
    agent: c.agent ?? null,
    session: c.session ?? null,
    tool: c.tool ?? null,
    cwd: c.cwd ?? null,
    binary: event.kind === 'command' ? (decidingCommand(decision)?.binary ?? null) : null,
    subject: eventSubject(event),
    arguments: argumentsOf(event),
    verdict: decision.verdict,
    outcome: decision.outcome,
    severity: decision.severity,
    role: decision.role,
    mode: decision.mode,
    rule: decision.rule,
    reason: decision.reason,
    latencyMs: extras.latencyMs ?? null,
    findings: decision.findings.map((f) => ({ rule: f.rule, severity: f.severity, verdict: f.verdict, title: f.title })),
  };
}
