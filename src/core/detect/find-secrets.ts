// Credentials in any text: every known token format, PEM key blocks, credentials in URLs and
// headers, and random-looking values assigned to secret names. Spans never overlap.
import { privateKeyBlocks } from './private-keys.js';
import { SECRET_PATTERNS, type SecretKind, type SecretPattern } from './secret-patterns.js';

export interface SecretSpan {
  readonly kind: SecretKind;
  readonly start: number;
  readonly end: number;
}

interface Candidate extends SecretSpan {
  readonly priority: number;
}

function secretOf(pattern: SecretPattern, m: RegExpExecArray): { start: number; end: number } | null {
  if (!pattern.groups) return { start: m.index, end: m.index + m[0].length };
  for (const g of pattern.groups) {
    const at = m.indices?.[g];
    if (at) return { start: at[0], end: at[1] };
  }
  return null;
}

function candidates(text: string): Candidate[] {
  const out: Candidate[] = privateKeyBlocks(text).map((s) => ({ ...s, kind: 'private_key', priority: -1 }));
  SECRET_PATTERNS.forEach((pattern, priority) => {
    const re = pattern.regex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const span = secretOf(pattern, m);
      if (span && span.end > span.start && (!pattern.accept || pattern.accept(m, text.slice(span.start, span.end)))) {
        out.push({ kind: pattern.kind, start: span.start, end: span.end, priority });
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  });
  return out;
}

/**
 * Every secret in the text, in order. Overlapping matches are merged into one span named by the
 * most specific kind (an AWS key inside a `password=` assignment is an AWS key), so redacting
 * the spans leaves no part of any match behind.
 */
export function findSecrets(text: string): SecretSpan[] {
  const all = candidates(text).sort((a, b) => a.start - b.start || a.priority - b.priority);
  const merged: Candidate[] = [];
  for (const c of all) {
    const last = merged[merged.length - 1];
    if (last && c.start < last.end) {
      const kindFrom = c.priority < last.priority ? c : last;
      merged[merged.length - 1] = { kind: kindFrom.kind, priority: kindFrom.priority, start: last.start, end: Math.max(last.end, c.end) };
    } else merged.push(c);
  }
  return merged.map(({ kind, start, end }) => ({ kind, start, end }));
}
