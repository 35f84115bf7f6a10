// Runs each rule's own examples: every `match` must fire the rule, no `no_match` may.
import type { Parser } from 'web-tree-sitter';
import type { Event, EventContext } from '../events.js';
import { analyseShell } from '../shell/analyse.js';
import type { DetectionRule } from './rule.js';
import type { RulePack } from './rule-pack.js';
import type { ExampleInput } from './rule-schema.js';
import { subjectsOf } from './subjects.js';

/** Examples are judged as on a typical host: this home and working directory. */
export const EXAMPLE_CONTEXT: EventContext = { home: '/home/dev', cwd: '/home/dev/project', host: 'dev-laptop', agent: 'example' };

export function exampleEvent(example: ExampleInput, context: EventContext = EXAMPLE_CONTEXT): Event {
  if (typeof example === 'string') return { kind: 'command', command: example, context };
  const ctx = 'tool' in example && example.tool ? { ...context, tool: example.tool } : context;
  if ('command' in example) return { kind: 'command', command: example.command, context: ctx };
  if ('mcp' in example) {
    const slash = example.mcp.indexOf('/');
    return { kind: 'mcp_tool_call', server: slash > 0 ? example.mcp.slice(0, slash) : 'mcp', tool: example.mcp.slice(slash + 1), arguments: example.args ?? {}, context: ctx };
  }
  if ('file' in example) return { kind: 'file_access', path: example.file, access: example.access, context: ctx };
  if ('url' in example) return { kind: 'web_request', url: example.url, context: ctx };
  if ('result' in example) return { kind: 'tool_result', tool: example.tool ?? 'tool', content: example.result, context: ctx };
  return { kind: 'tool_description', server: 'mcp', tool: example.tool ?? 'tool', description: example.description, context: ctx };
}

export const exampleLabel = (e: ExampleInput): string => (typeof e === 'string' ? e : JSON.stringify(e));

export interface ExampleResult {
  readonly rule: string;
  readonly expect: 'match' | 'no_match';
  readonly example: string;
  readonly passed: boolean;
  /** What matched, or why it did not. */
  readonly detail: string;
}

export function runExamples(pack: RulePack, parser: Parser, rules: readonly DetectionRule[] = pack.rules): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const rule of rules) {
    const single = { profile: 'strict' as const, overrides: {} };
    const check = (example: ExampleInput, expect: 'match' | 'no_match'): void => {
      const event = exampleEvent(example);
      const analysis = event.kind === 'command' ? analyseShell(parser, event.command) : null;
      const subjects = subjectsOf(event, analysis);
      const explanation = pack.explainRule(rule, subjects, single);
      const matched = explanation.matched;
      results.push({ rule: rule.id, expect, example: exampleLabel(example), passed: matched === (expect === 'match'), detail: explanation.detail });
    };
    rule.examples.match.forEach((e) => check(e, 'match'));
    rule.examples.noMatch.forEach((e) => check(e, 'no_match'));
  }
  return results;
}
