// Arguments as the logs keep them: credentials redacted first (so no cut can leave half a secret
// behind), then long strings, long arrays, wide objects and deep nesting clipped.
import { redactValue } from '../core/detect/redact.js';
import { toJsonValue } from './canonical.js';
import type { JsonValue } from './entry.js';

export interface ClipLimits {
  readonly maxString: number;
  readonly maxItems: number;
  readonly maxDepth: number;
}

export const LOG_CLIP: ClipLimits = { maxString: 2_048, maxItems: 100, maxDepth: 16 };

/** A copy of `v` with long strings, long arrays, wide objects and deep nesting cut to the limits. */
export function clipValue(v: unknown, l: ClipLimits, depth = 0): unknown {
  if (typeof v === 'string') return v.length > l.maxString ? `${v.slice(0, l.maxString)}…[${v.length - l.maxString} more characters]` : v;
  if (v === null || typeof v !== 'object') return v;
  if (depth >= l.maxDepth) return '[nested too deep]';
  if (Array.isArray(v)) {
    const items = v.slice(0, l.maxItems).map((x) => clipValue(x, l, depth + 1));
    if (v.length > l.maxItems) items.push(`[${v.length - l.maxItems} more items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(v as Record<string, unknown>);
  for (const [k, x] of entries.slice(0, l.maxItems)) Object.defineProperty(out, k, { value: clipValue(x, l, depth + 1), enumerable: true, writable: true, configurable: true });
  if (entries.length > l.maxItems) out['…'] = `${entries.length - l.maxItems} more keys`;
  return out;
}

/** Redacted, then clipped: for the JSONL log and held calls, which keep arguments as they are. */
export function clipForLog(value: unknown, limits: ClipLimits = LOG_CLIP): unknown {
  return clipValue(redactValue(value), limits);
}

/**
 * Whether `r`, the redacted copy of `x`, holds exactly what `x` holds (same keys, strings and
 * numbers), all plain JSON within the limits. Then clipping it changes nothing, nor does making it
 * JSON, nor redacting it again: redaction is a function of the text and the key, and it left each
 * of these texts as it was.
 */
function keptWhole(x: unknown, r: unknown, l: ClipLimits, depth: number): boolean {
  if (typeof x === 'string') return x === r && x.length <= l.maxString;
  if (typeof x === 'number') return x === r && Number.isFinite(x) && !Object.is(x, -0);
  if (x === null || typeof x === 'boolean') return x === r;
  if (typeof x !== 'object' || typeof r !== 'object' || r === null || depth >= l.maxDepth) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(r) || x.length > l.maxItems || r.length !== x.length) return false;
    for (let i = 0; i < x.length; i++) if (!keptWhole(x[i], r[i], l, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(x) !== Object.prototype || Array.isArray(r)) return false;
  const keys = Object.keys(x);
  if (keys.length > l.maxItems || Object.keys(r).length !== keys.length) return false;
  for (const k of keys) {
    if (!Object.hasOwn(r, k) || !keptWhole((x as Record<string, unknown>)[k], (r as Record<string, unknown>)[k], l, depth + 1)) return false;
  }
  return true;
}

/**
 * Arguments redacted and clipped as the audit log stores them: exactly what redacting, clipping,
 * making JSON and redacting again gives. Most arguments hold no secret and nothing to clip; for
 * those the one redacted copy is the answer, and their text is decoded and scanned once, not twice.
 */
export function redactedClipped(value: unknown, limits: ClipLimits): JsonValue {
  const once = redactValue(value);
  if (keptWhole(value, once, limits, 0)) return once as JsonValue;
  return redactValue(toJsonValue(clipValue(once, limits))) as JsonValue;
}
