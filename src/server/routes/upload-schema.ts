// The body of an audit upload: entries as `warden audit export --format json` writes them, and
// checkpoints as the audit store keeps them. Checked field by field before anything is stored.
import { z } from 'zod';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from '../../audit/entry.js';
import { MODES, SEVERITIES, VERDICTS } from '../../core/vocabulary.js';

export const MAX_UPLOAD_ENTRIES = 5_000;

const text = z.string().max(1_000_000);
const nullableText = text.nullable();
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'a UTC time with milliseconds');
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Deeper than any tool call's arguments; bounds the recursion of everything that walks them later. */
export const MAX_ARGUMENT_DEPTH = 64;

/** True when `value` (parsed JSON) nests at most `max` arrays or objects deep; walked without recursion. */
export function depthAtMost(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return true;
}

const json = z.unknown().refine((v) => v !== undefined, 'required').refine((v) => depthAtMost(v, MAX_ARGUMENT_DEPTH), `nested deeper than ${MAX_ARGUMENT_DEPTH} levels`);

export const uploadEntrySchema = z.strictObject({
  seq, time, hash,
  type: z.enum(AUDIT_EVENT_TYPES),
  host: nullableText, agent: nullableText, session: nullableText, tool: nullableText, cwd: nullableText, binary: nullableText,
  subject: text,
  arguments: json,
  verdict: z.enum(VERDICTS),
  outcome: z.enum(AUDIT_OUTCOMES),
  severity: z.enum(SEVERITIES),
  role: nullableText,
  mode: z.enum(MODES).nullable(),
  rule: nullableText,
  reason: text,
  latencyMs: z.number().nullable(),
  findings: z.array(z.strictObject({ rule: text, severity: z.enum(SEVERITIES), verdict: z.enum(VERDICTS), title: text })).max(1_000),
});

export const uploadCheckpointSchema = z.strictObject({
  kind: z.enum(['checkpoint', 'anchor']),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash, time,
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  signature: z.string().max(200),
});

export const uploadBody = z.strictObject({
  entries: z.array(uploadEntrySchema).max(MAX_UPLOAD_ENTRIES),
  checkpoints: z.array(uploadCheckpointSchema).max(MAX_UPLOAD_ENTRIES).default([]),
});
