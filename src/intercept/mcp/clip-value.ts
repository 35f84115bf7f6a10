// Tool arguments as the logs keep them: credentials redacted first (so no cut can leave half a
// secret behind), then long strings, long arrays, wide objects and deep nesting clipped.
import { redactValue } from '../../core/detect/redact.js';

export interface ClipLimits {
  readonly maxString: number;
  readonly maxItems: number;
  readonly maxDepth: number;
}

export const LOG_CLIP: ClipLimits = { maxString: 2_048, maxItems: 100, maxDepth: 16 };

function clip(v: unknown, depth: number, l: ClipLimits): unknown {
  if (typeof v === 'string') return v.length > l.maxString ? `${v.slice(0, l.maxString)}…[${v.length - l.maxString} more characters]` : v;
  if (v === null || typeof v !== 'object') return v;
  if (depth >= l.maxDepth) return '[nested too deep]';
  if (Array.isArray(v)) {
    const items = v.slice(0, l.maxItems).map((x) => clip(x, depth + 1, l));
    if (v.length > l.maxItems) items.push(`[${v.length - l.maxItems} more items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(v as Record<string, unknown>);
  for (const [k, x] of entries.slice(0, l.maxItems)) Object.defineProperty(out, k, { value: clip(x, depth + 1, l), enumerable: true, writable: true, configurable: true });
  if (entries.length > l.maxItems) out['…'] = `${entries.length - l.maxItems} more keys`;
  return out;
}

export function clipForLog(value: unknown, limits: ClipLimits = LOG_CLIP): unknown {
  return clip(redactValue(value), 0, limits);
}
