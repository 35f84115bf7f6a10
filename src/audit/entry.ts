// The audit entry: what Warden records about one evaluated action. Types only.
import type { Mode, Severity, Verdict } from '../core/vocabulary.js';
import type { ClipLimits } from './clip.js';

/**
 * DESIGN.md's event kinds, plus the two scans of what MCP servers send back, plus `hook_error`:
 * a hook call whose payload could not be read, answered by the fail-safe.
 */
export const AUDIT_EVENT_TYPES = [
  'command',
  'mcp_tool_call',
  'file_access',
  'web_request',
  'config_change',
  'integrity',
  'discovery',
  'tool_result',
  'tool_description',
  'hook_error',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What happened; a held action is recorded again as approved or denied once a person decides. */
export const AUDIT_OUTCOMES = ['allowed', 'blocked', 'would_block', 'held', 'approved', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One detection finding, as much of it as the log keeps. */
export interface FindingSummary {
  readonly rule: string;
  readonly severity: Severity;
  readonly verdict: Verdict;
  readonly title: string;
}

/** What a caller hands the log. Missing optional fields are recorded as null. */
export interface AuditEntryInput {
  readonly type: AuditEventType;
  readonly host?: string | null;
  readonly agent?: string | null;
  readonly session?: string | null;
  /** The agent's own name for the tool used (Bash, Read, mcp__fs__read_file). */
  readonly tool?: string | null;
  readonly cwd?: string | null;
  /** The program a command runs (`git`), once wrappers and paths are stripped. */
  readonly binary?: string | null;
  /** The full command line, `server/tool`, path or URL. */
  readonly subject: string;
  /** Tool call arguments, any JSON value. */
  readonly arguments?: unknown;
  /** Cut the arguments, once redacted, to these limits (long strings, long arrays, wide objects, deep nesting). */
  readonly clipArguments?: ClipLimits;
  readonly verdict: Verdict;
  readonly outcome: AuditOutcome;
  readonly severity: Severity;
  readonly role?: string | null;
  readonly mode?: Mode | null;
  readonly rule?: string | null;
  readonly reason: string;
  /** Time from interception to decision. */
  readonly latencyMs?: number | null;
  readonly findings?: readonly FindingSummary[];
}

/** The recorded fields of an entry, after redaction and normalisation; hashed as they are. */
export interface AuditFields {
  readonly type: AuditEventType;
  readonly host: string | null;
  readonly agent: string | null;
  readonly session: string | null;
  readonly tool: string | null;
  readonly cwd: string | null;
  readonly binary: string | null;
  readonly subject: string;
  /** A JSON value (null when the action had no arguments). */
  readonly arguments: JsonValue;
  readonly verdict: Verdict;
  readonly outcome: AuditOutcome;
  readonly severity: Severity;
  readonly role: string | null;
  readonly mode: Mode | null;
  readonly rule: string | null;
  readonly reason: string;
  readonly latencyMs: number | null;
  readonly findings: readonly FindingSummary[];
}

/** An entry as stored: its place in the chain, its time (UTC, ISO 8601 with milliseconds) and its hash. */
export interface AuditRecord extends AuditFields {
  readonly seq: number;
  readonly time: string;
  /** Hex SHA-256 over the previous entry's hash and this entry's canonical encoding. */
  readonly hash: string;
}

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
