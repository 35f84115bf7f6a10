// Secrets replaced by `[REDACTED:<kind>]` in text and in any JSON-like value, before anything is
// stored, shown or handed on.
import { decodedValues } from '../values/decoded-values.js';
import { isSecretName, looksRandom, redactionMarker } from './entropy.js';
import { findSecrets, type SecretSpan } from './find-secrets.js';

/** Redaction passes: one almost always suffices; a second catches a secret that only the joined text forms. */
const MAX_PASSES = 3;

function replaceSpans(text: string, spans: readonly SecretSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + redactionMarker(s.kind);
    at = s.end;
  }
  return out + text.slice(at);
}

/** The text with every secret replaced by `[REDACTED:<kind>]`. */
export function redactText(text: string): string {
  let out = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const spans = findSecrets(out);
    if (spans.length === 0) break;
    out = replaceSpans(out, spans);
  }
  return out;
}

/**
 * A string redacted; if its escaped forms (URL escapes, JSON escapes) still hide a secret after
 * that, the whole string is replaced, since the secret cannot be cut out of the text as written.
 */
function redactString(text: string, key: string): string {
  if (key !== '' && isSecretName(key) && looksRandom(text)) return redactionMarker('assigned_secret');
  const out = redactText(text);
  const { values } = decodedValues(out, { maxDepth: 8, maxValues: 1_000 });
  for (const v of values) {
    if (v.value === out) continue;
    const hidden = findSecrets(v.value)[0] ?? (v.key !== '' && isSecretName(v.key) && looksRandom(v.value) ? { kind: 'assigned_secret' } : undefined);
    if (hidden) return redactionMarker(hidden.kind);
  }
  return out;
}

export interface RedactLimits {
  readonly maxDepth: number;
}

const DEFAULT_REDACT_LIMITS: RedactLimits = { maxDepth: 64 };
const TOO_DEEP = '[REDACTED:too_deep]';

/**
 * A deep copy of a JSON-like value with every string redacted; keys are kept, and a string under
 * a secret-looking key (`password`, `apiKey`) is replaced whole when it looks random. Past the
 * depth limit a branch is replaced by a marker rather than copied unread. Never throws.
 */
export function redactValue(value: unknown, limits: RedactLimits = DEFAULT_REDACT_LIMITS): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, key: string, depth: number): unknown => {
    if (typeof v === 'string') return redactString(v, key);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= limits.maxDepth || seen.has(v)) return TOO_DEEP;
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x) => walk(x, key, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        Object.defineProperty(out, redactText(k), { value: walk(x, k, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, '', 0);
}
