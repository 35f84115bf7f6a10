// The policy file's shape (stage one of three: schema, normalise, semantic checks).
import { z } from 'zod';
import { detectorsSchema } from '../detect/detectors-config.js';
import { ACTIONS, MODES, SEVERITIES, VERDICTS } from '../vocabulary.js';

export { ACTIONS, MODES, SEVERITIES, VERDICTS, type Action, type Mode, type Severity, type Verdict } from '../vocabulary.js';

const action = z.enum(ACTIONS).describe('allow, deny or ask (hold for a human)');
const severity = z.enum(SEVERITIES);
const nonEmpty = z.string().min(1);

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are letters, digits and _')
  .refine((n) => !RESERVED_NAMES.has(n), { message: 'this name is reserved' });

/** `when: { env: production }` or `when: { env: [staging, production] }`. */
const when = z
  .record(variableName, z.union([nonEmpty, z.array(nonEmpty).min(1)]))
  .describe('Conditions on variables; the rule applies only when every variable has one of the given values');

const ruleCommon = {
  id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'rule ids are letters, digits and . _ : -').optional(),
  action,
  severity: severity.optional(),
  reason: z.string().optional(),
  when: when.optional(),
};

export const commandRuleSchema = z.strictObject({
  ...ruleCommon,
  pattern: nonEmpty.describe('Command pattern such as "git push --force*"; may reference {{variables}}'),
});

export const mcpRuleSchema = z.strictObject({
  ...ruleCommon,
  tool: nonEmpty.describe('server/tool glob such as "filesystem/*"'),
  args: z
    .record(nonEmpty, nonEmpty)
    .optional()
    .describe('Argument name → regular expression on its decoded value, at any depth; all must match'),
});

export const fileRuleSchema = z.strictObject({
  ...ruleCommon,
  path: nonEmpty.describe('Path glob; ** crosses directories, ~ is the home directory'),
  access: z.enum(['read', 'write', 'any']).default('any'),
});

export const webRuleSchema = z.strictObject({
  ...ruleCommon,
  domain: nonEmpty.describe('Domain glob such as "*.example.com"'),
});

export const defaultsSchema = z.strictObject({
  command: action.default('allow'),
  mcp: action.default('allow'),
  file: action.default('allow'),
  web: action.default('allow'),
});

export const roleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'role names are letters, digits and . _ -'),
  description: z.string().optional(),
  mode: z.enum(MODES).default('monitor'),
  on_unresolved: z.enum(['allow', 'ask', 'deny']).default('ask')
    .describe('What to do with a command that cannot be resolved statically'),
  on_error: z.enum(['block', 'allow']).optional()
    .describe('What to do with a call Warden cannot judge (no daemon and no policy, an unreadable payload, an error while judging, the audit log not writable); default block in enforce mode, allow in monitor mode'),
  commands: z.array(commandRuleSchema).default([]),
  mcp: z.array(mcpRuleSchema).default([]),
  files: z.array(fileRuleSchema).default([]),
  web: z.array(webRuleSchema).default([]),
  defaults: defaultsSchema.default({ command: 'allow', mcp: 'allow', file: 'allow', web: 'allow' }),
  detection: z.strictObject({ profile: z.enum(['strict', 'standard', 'minimal']) }).optional()
    .describe('Overrides the policy-wide detection profile for this role'),
});

const verdict = z.enum(VERDICTS);

export const detectionSchema = z.strictObject({
  profile: z.enum(['strict', 'standard', 'minimal']).default('standard')
    .describe('strict: every rule; standard: stable rules; minimal: stable critical rules'),
  rules: z.record(z.string(), z.strictObject({
    action: verdict.optional().describe('Verdict when the rule matches, instead of the one its severity gives'),
    disabled: z.boolean().optional(),
    apply_to_tools: z.array(nonEmpty).optional(),
    exempt_tools: z.array(nonEmpty).optional(),
  })).default({}),
}).describe('The built-in detection rule pack: profile and per-rule overrides');

export const variableValueSchema = z.strictObject({
  value: nonEmpty,
  patterns: z.array(nonEmpty).min(1).describe('Hostname regular expressions; first match wins'),
});

const expectation = z.enum(['allow', 'flag', 'ask', 'block', 'deny']).describe('Expected verdict');
const testContext = {
  name: z.string().optional(),
  role: z.string().optional(),
  host: z.string().optional(),
  agent: z.string().optional(),
  expect: expectation,
};

export const policyTestSchema = z.union([
  z.strictObject({ ...testContext, command: z.string() }),
  z.strictObject({ ...testContext, mcp: nonEmpty, args: z.unknown().optional() }),
  z.strictObject({ ...testContext, file: nonEmpty, access: z.enum(['read', 'write']).default('read') }),
  z.strictObject({ ...testContext, url: nonEmpty }),
]);

export const policySchema = z.strictObject({
  version: z.literal(1),
  default_role: z.string().optional(),
  variables: z.record(variableName, z.array(variableValueSchema)).default({}),
  detection: detectionSchema.default({ profile: 'standard', rules: {} }),
  detectors: detectorsSchema.prefault({}).describe('Runtime detectors: credential leaks, rate limits, sequences, tool drift, cumulative risk'),
  roles: z.array(roleSchema).min(1, 'a policy needs at least one role'),
  tests: z.array(policyTestSchema).default([]),
});

export type PolicyFile = z.infer<typeof policySchema>;
export type RoleInput = z.infer<typeof roleSchema>;
export type PolicyTestCase = z.infer<typeof policyTestSchema>;
