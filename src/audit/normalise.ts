// An entry as the log records it: secrets redacted, every field present, arguments plain JSON.
// Runs before hashing and storing, so a secret never reaches the hash input or the store.
import { redactText, redactValue } from '../core/detect/redact.js';
import { SEVERITIES, VERDICTS, MODES } from '../core/vocabulary.js';
import { toJsonValue } from './canonical.js';
import { redactedClipped } from './clip.js';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES, type AuditEntryInput, type AuditFields, type FindingSummary, type JsonValue } from './entry.js';
import { AuditError } from './errors.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text every store keeps as it is: lone surrogates (which no UTF-8 store can hold) and NUL
 * (which PostgreSQL text refuses) become U+FFFD. Text inside arguments needs none of this: it is
 * stored as JSON, where both are escaped.
 */
const SURROGATE = /[\ud800-\udfff]/;

export const storableText = (s: string): string => {
  const cleaned = SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd') : s;
  return cleaned.includes('\u0000') ? cleaned.replaceAll('\u0000', '\ufffd') : cleaned;
};

/**
 * Redaction is the dearest step of an append, and the same texts come back again and again
 * (reasons, working directories, rule titles, everyday commands): it is pure, so its results for
 * short texts are remembered. The memory is simply forgotten when full, which costs less on
 * every lookup than keeping the most recent.
 */
const redactions = new Map<string, string>();
const MEMO_SIZE = 4_096;
const MEMO_MAX_LENGTH = 1_024;

function redacted(text: string): string {
  if (text.length > MEMO_MAX_LENGTH) return redactText(text);
  let out = redactions.get(text);
  if (out === undefined) {
    out = redactText(text);
    if (redactions.size >= MEMO_SIZE) redactions.clear();
    redactions.set(text, out);
  }
  return out;
}

const orNull = (v: string | null | undefined): string | null => (v === undefined || v === null ? null : storableText(String(v)));
const redactedOrNull = (v: string | null | undefined): string | null => (v === undefined || v === null ? null : redacted(storableText(String(v))));

function oneOf<T extends string>(allowed: readonly T[], value: unknown, field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new AuditError('INVALID_ENTRY', `audit entry ${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

/** Latency is kept to the microsecond, so it reads back the same from every store. */
function latency(v: number | null | undefined): number | null {
  if (v === undefined || v === null || !Number.isFinite(v)) return null;
  const rounded = Math.round(v * 1000) / 1000;
  if (!Number.isFinite(rounded)) return null;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function finding(f: FindingSummary): FindingSummary {
  return {
    rule: String(f.rule),
    severity: oneOf(SEVERITIES, f.severity, 'finding severity'),
    verdict: oneOf(VERDICTS, f.verdict, 'finding verdict'),
    title: redacted(storableText(String(f.title))),
  };
}

export function normaliseEntry(input: AuditEntryInput): AuditFields {
  if (typeof input.subject !== 'string') throw new AuditError('INVALID_ENTRY', 'audit entry subject must be a string');
  return {
    type: oneOf(AUDIT_EVENT_TYPES, input.type, 'type'),
    host: orNull(input.host),
    agent: orNull(input.agent),
    session: orNull(input.session),
    tool: orNull(input.tool),
    cwd: redactedOrNull(input.cwd),
    binary: redactedOrNull(input.binary),
    subject: redacted(storableText(input.subject)),
    // JSON first (dates, bigints, cycles settled), then redacted: redaction maps JSON to JSON.
    arguments: input.arguments === undefined ? null : input.clipArguments ? redactedClipped(input.arguments, input.clipArguments) : (redactValue(toJsonValue(input.arguments)) as JsonValue),
    verdict: oneOf(VERDICTS, input.verdict, 'verdict'),
    outcome: oneOf(AUDIT_OUTCOMES, input.outcome, 'outcome'),
    severity: oneOf(SEVERITIES, input.severity, 'severity'),
    role: orNull(input.role),
    mode: input.mode === undefined || input.mode === null ? null : oneOf(MODES, input.mode, 'mode'),
    rule: orNull(input.rule),
    reason: redacted(storableText(String(input.reason))),
    latencyMs: latency(input.latencyMs),
    findings: (input.findings ?? []).map(finding),
  };
}
