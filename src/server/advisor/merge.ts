// Merges accepted changes into a role's rules: deny and ask rules go first (first match wins),
// allow rules are appended before any catch-all rule (`*`, `* *`, `*/*`).
import type { SuggestedChange } from './types.js';

type Rule = Record<string, unknown>;

const CATCH_ALL = new Set(['*', '* *', '*/*']);

function isCatchAll(r: Rule): boolean {
  const text = typeof r.pattern === 'string' ? r.pattern : typeof r.tool === 'string' ? r.tool : '';
  return CATCH_ALL.has(text) && r.when === undefined;
}

function ruleOf(c: SuggestedChange): Rule {
  const reason = `advisor: ${c.reasoning.split(';')[0]!.split(',')[0]!}`;
  return c.kind === 'command' ? { pattern: c.rule, action: c.action, reason } : { tool: c.rule, action: c.action, reason };
}

function mergeInto(current: readonly Rule[], changes: readonly SuggestedChange[]): Rule[] {
  const strict = changes.filter((c) => c.action !== 'allow').map(ruleOf);
  const allows = changes.filter((c) => c.action === 'allow').map(ruleOf);
  const catchAt = current.findIndex(isCatchAll);
  const at = catchAt < 0 ? current.length : catchAt;
  return [...strict, ...current.slice(0, at), ...allows, ...current.slice(at)];
}

export function mergeChanges(spec: { readonly commands?: unknown; readonly mcp?: unknown }, changes: readonly SuggestedChange[]): { commands: Rule[]; mcp: Rule[] } {
  const list = (v: unknown): Rule[] => (Array.isArray(v) ? (v as Rule[]) : []);
  return {
    commands: mergeInto(list(spec.commands), changes.filter((c) => c.kind === 'command')),
    mcp: mergeInto(list(spec.mcp), changes.filter((c) => c.kind === 'mcp')),
  };
}
