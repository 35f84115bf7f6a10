// Shape of a rule-pack file under rules/ (one family per file). Stage one of three.
import { z } from 'zod';
import { SEVERITIES } from '../policy/schema.js';

export const RULE_EVENT_KINDS = ['command', 'mcp_tool_call', 'file_access', 'web_request', 'tool_result', 'tool_description'] as const;

const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);
const text = z.string().min(1);

/** One alternative of a rule: every field given must hold. */
export const matcherSchema = z
  .strictObject({
    command: oneOrMany(text).optional().describe('Command patterns, as in policies (`git push --force*`)'),
    arg: oneOrMany(text).optional().describe('Path globs; some positional argument must match (`!glob` excludes)'),
    dynamic_arg: z.boolean().optional().describe('Some argument is only known at run time ($(…), $VAR)'),
    stdin_from: oneOrMany(text).optional().describe('The command reads its input from a pipe fed by one of these programs'),
    read: oneOrMany(text).optional().describe('Path globs the event reads (`!glob` excludes)'),
    write: oneOrMany(text).optional().describe('Path globs the event writes (`!glob` excludes)'),
    domain: oneOrMany(text).optional().describe('Domain globs the event contacts'),
    value: oneOrMany(text).optional().describe('Regular expressions on argument values (decoded); /…/i for flags'),
    keys: oneOrMany(text).optional().describe('Limit `value` to MCP arguments with these key names'),
    text: oneOrMany(text).optional().describe('Regular expressions on tool results and tool descriptions'),
    tool: oneOrMany(text).optional().describe('MCP server/tool globs or agent tool names'),
  })
  .refine((m) => Object.keys(m).some((k) => k !== 'keys'), { message: 'a matcher needs at least one condition' });

export const exampleSchema = z.union([
  z.string(),
  z.strictObject({ command: z.string(), tool: text.optional() }),
  z.strictObject({ mcp: text, args: z.unknown().optional() }),
  z.strictObject({ file: text, access: z.enum(['read', 'write']).default('read'), tool: text.optional() }),
  z.strictObject({ url: text, tool: text.optional() }),
  z.strictObject({ result: z.unknown(), tool: text.optional() }),
  z.strictObject({ description: text, tool: text.optional() }),
]);

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^WD-[A-Z]+-\d{3}$/, 'rule ids look like WD-FAMILY-001'),
  title: text,
  description: text,
  severity: z.enum(SEVERITIES),
  tags: z.array(text).default([]),
  maturity: z.enum(['stable', 'incubating']).default('stable'),
  applies_to: z.array(z.enum(RULE_EVENT_KINDS)).optional(),
  apply_to_tools: z.array(text).optional().describe('Only for these agent tools (default: every tool)'),
  exempt_tools: z.array(text).optional(),
  match: z.array(matcherSchema).min(1),
  unless: z.array(matcherSchema).optional().describe('Alternatives that exempt an event the rule would match'),
  examples: z.strictObject({ match: z.array(exampleSchema).default([]), no_match: z.array(exampleSchema).default([]) }),
});

export const ruleFileSchema = z.strictObject({
  family: z.string().regex(/^[a-z][a-z0-9-]*$/),
  description: text,
  rules: z.array(ruleSchema).min(1),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type RuleInput = z.infer<typeof ruleSchema>;
export type MatcherInput = z.infer<typeof matcherSchema>;
export type ExampleInput = z.infer<typeof exampleSchema>;
export type RuleEventKind = (typeof RULE_EVENT_KINDS)[number];
