// What the API accepts for a role: the policy role's own fields, checked with the policy schema
// of src/core/policy, plus what the fleet adds (isDefault, the risk policy).
import { z } from 'zod';
import { detectorsSchema } from '../../core/detect/detectors-config.js';
import { commandRuleSchema, fileRuleSchema, mcpRuleSchema, roleSchema, webRuleSchema } from '../../core/policy/schema.js';
import { MODES } from '../../core/vocabulary.js';

const MAX_RULES = 1_000;

/** The detectors.risk section, as the policy file writes it. */
export const riskSchema = z.strictObject({
  enabled: z.boolean().optional(),
  half_life_seconds: z.number().positive().optional(),
  thresholds: z.array(z.number().positive()).max(10).optional(),
  ttl_seconds: z.number().min(0).optional(),
  weights: z.strictObject({
    info: z.number().min(0).optional(), low: z.number().min(0).optional(), medium: z.number().min(0).optional(),
    high: z.number().min(0).optional(), critical: z.number().min(0).optional(),
  }).optional(),
});

export const roleFields = {
  name: roleSchema.shape.name,
  description: z.string().max(2_000),
  mode: z.enum(MODES),
  isDefault: z.boolean(),
  on_unresolved: z.enum(['allow', 'ask', 'deny']),
  commands: z.array(commandRuleSchema).max(MAX_RULES),
  mcp: z.array(mcpRuleSchema).max(MAX_RULES),
  files: z.array(fileRuleSchema).max(MAX_RULES),
  web: z.array(webRuleSchema).max(MAX_RULES),
  defaults: roleSchema.shape.defaults,
  detection: z.strictObject({ profile: z.enum(['strict', 'standard', 'minimal']) }).nullable(),
  risk: riskSchema.nullable(),
};

export const createRoleBody = z.strictObject({
  name: roleFields.name,
  description: roleFields.description.optional(),
  mode: roleFields.mode.optional(),
  isDefault: roleFields.isDefault.optional(),
  on_unresolved: roleFields.on_unresolved.optional(),
  commands: roleFields.commands.optional(),
  mcp: roleFields.mcp.optional(),
  files: roleFields.files.optional(),
  web: roleFields.web.optional(),
  defaults: roleFields.defaults.optional(),
  detection: roleFields.detection.optional(),
  risk: roleFields.risk.optional(),
});

export const patchRoleBody = createRoleBody.partial();

export type CreateRoleBody = z.infer<typeof createRoleBody>;
export type PatchRoleBody = z.infer<typeof patchRoleBody>;

/** The role's rule content as stored: the policy role without name, description and mode, defaults filled in. */
export interface RoleContent {
  readonly spec: Record<string, unknown>;
  readonly risk: Record<string, unknown> | null;
}

const SPEC_KEYS = ['on_unresolved', 'commands', 'mcp', 'files', 'web', 'defaults', 'detection'] as const;

/** Merges a change into the stored content and fills defaults the way the policy schema does. */
export function roleContent(current: RoleContent | null, body: PatchRoleBody): RoleContent {
  const merged: Record<string, unknown> = { ...(current?.spec ?? {}) };
  for (const k of SPEC_KEYS) {
    if (body[k] === undefined) continue;
    if (body[k] === null) delete merged[k];
    else merged[k] = body[k];
  }
  const parsed = roleSchema.parse({ name: 'x', ...merged });
  const { name: _n, description: _d, mode: _m, ...spec } = parsed;
  const riskInput = body.risk !== undefined ? body.risk : (current?.risk ?? null);
  const risk = riskInput === null ? null : (detectorsSchema.parse({ risk: riskInput }).risk as unknown as Record<string, unknown>);
  return { spec, risk };
}
