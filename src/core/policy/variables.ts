// Variables (`{{env}}`): values assigned to a host by hostname patterns, first match wins.
import type { VariableValue } from './policy.js';

export const BUILTIN_VARIABLES = ['env'] as const;

/**
 * Resolves every variable for `host`; a variable whose patterns all miss is absent. Host names
 * are case-insensitive, so a pattern also sees the name in lower case (`PROD-DB-1` is `^prod-`).
 */
export function resolveVariables(variables: Readonly<Record<string, readonly VariableValue[]>>, host: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (host === undefined) return out;
  const lower = host.toLowerCase();
  const matches = (p: RegExp): boolean => p.test(host) || (lower !== host && p.test(lower));
  for (const [name, values] of Object.entries(variables)) {
    const hit = values.find((v) => v.patterns.some(matches));
    if (hit) out[name] = hit.value;
  }
  return out;
}

const REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names referenced as `{{name}}` in a text. */
export function referencedVariables(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((m) => m[1]!);
}

/** Substitutes `{{name}}`; null when a referenced variable has no value for this host. */
export function interpolate(text: string, values: Readonly<Record<string, string>>): string | null {
  if (!text.includes('{{')) return text;
  let missing = false;
  const result = text.replace(REFERENCE, (_, name: string) => {
    const v = values[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : result;
}
