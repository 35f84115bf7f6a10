// The JSON Schema of the policy file, generated from the zod schema so the two cannot drift.
// Editors use it to validate and complete policy files; schema/policy.schema.json is its committed copy.
import { z } from 'zod';
import { policySchema } from './schema.js';

export function policyJsonSchema(): Record<string, unknown> {
  // io 'input': what a person writes, so fields with defaults are optional.
  const generated = z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Warden policy',
    description: 'Roles with command, MCP tool, file and web rules, variables, and test cases. See `warden init` for a commented example.',
    ...rest,
  };
}

/** The file's exact text: two-space JSON with a final newline. */
export const policyJsonSchemaText = (): string => `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
