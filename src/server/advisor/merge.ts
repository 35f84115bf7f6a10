// Merges accepted changes into a role's rules. Remove and modify changes find their rule by the
// index recorded when suggested, or else by its text and action; a rule no longer there is skipped
// and said so. New deny and ask rules go first (first match wins), new allow rules before any
// catch-all rule (`*`, `* *`, `*/*`).
import type { AddChange, RuleTarget, SuggestedChange } from './types.js';

type Rule = Record<string, unknown>;

const CATCH_ALL = new Set(['*', '* *', '*/*']);

export interface SkippedChange {
  /** Position of the change in the list given to mergeChanges. */
  readonly at: number;
  readonly reason: string;
}

export interface MergeResult {
  readonly spec: { commands: Rule[]; mcp: Rule[] };
  readonly skipped: readonly SkippedChange[];
}

const textOf = (r: Rule): string => (typeof r.pattern === 'string' ? r.pattern : typeof r.tool === 'string' ? r.tool : '');

function isCatchAll(r: Rule): boolean {
  return CATCH_ALL.has(textOf(r)) && r.when === undefined;
}

const reasonOf = (c: SuggestedChange): string => `advisor: ${c.reasoning.split(';')[0]!.split(',')[0]!}`;

function ruleOf(c: AddChange): Rule {
  return c.kind === 'command' ? { pattern: c.rule, action: c.action, reason: reasonOf(c) } : { tool: c.rule, action: c.action, reason: reasonOf(c) };
}

function find(rules: readonly Rule[], t: RuleTarget): number {
  const same = (r: Rule | undefined): boolean => r !== undefined && textOf(r) === t.rule && r.action === t.action;
  if (same(rules[t.index])) return t.index;
  return rules.findIndex(same);
}

function mergeInto(current: readonly Rule[], changes: readonly { c: SuggestedChange; at: number }[], skipped: SkippedChange[]): Rule[] {
  const rules: (Rule | null)[] = [...current];
  const touched = new Set<number>();
  for (const { c, at } of changes) {
    if (c.op === 'add') continue;
    const i = find(current, c.target);
    if (i < 0 || touched.has(i)) {
      skipped.push({ at, reason: `the rule ${JSON.stringify(c.target.rule)} (${c.target.action}) is no longer in the role` });
      continue;
    }
    touched.add(i);
    if (c.op === 'remove') rules[i] = null;
    else {
      const text = c.kind === 'command' ? { pattern: c.rule } : { tool: c.rule };
      rules[i] = { ...current[i]!, ...text, action: c.action, reason: reasonOf(c) };
    }
  }
  const kept = rules.filter((r): r is Rule => r !== null);
  const adds = changes.map(({ c }) => c).filter((c): c is AddChange => c.op === 'add');
  const strict = adds.filter((c) => c.action !== 'allow').map(ruleOf);
  const allows = adds.filter((c) => c.action === 'allow').map(ruleOf);
  const catchAt = kept.findIndex(isCatchAll);
  const at = catchAt < 0 ? kept.length : catchAt;
  return [...strict, ...kept.slice(0, at), ...allows, ...kept.slice(at)];
}

export function mergeChanges(spec: { readonly commands?: unknown; readonly mcp?: unknown }, changes: readonly SuggestedChange[]): MergeResult {
  const list = (v: unknown): Rule[] => (Array.isArray(v) ? (v as Rule[]) : []);
  const indexed = changes.map((c, at) => ({ c, at }));
  const skipped: SkippedChange[] = [];
  const commands = mergeInto(list(spec.commands), indexed.filter(({ c }) => c.kind === 'command'), skipped);
  const mcp = mergeInto(list(spec.mcp), indexed.filter(({ c }) => c.kind === 'mcp'), skipped);
  return { spec: { commands, mcp }, skipped: skipped.sort((a, b) => a.at - b.at) };
}
