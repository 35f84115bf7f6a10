import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema, policyJsonSchemaText } from './json-schema.js';

const COMMITTED = new URL('../../../schema/policy.schema.json', import.meta.url);

describe('policy JSON Schema', () => {
  it('is committed exactly as generated from the zod schema', () => {
    let committed = '';
    try {
      committed = readFileSync(COMMITTED, 'utf8');
    } catch {
      // reported by the assertion below
    }
    expect(committed === policyJsonSchemaText(), 'schema/policy.schema.json is out of date with src/core/policy/schema.ts: run `npm run schema` and commit the result').toBe(true);
  });

  it('describes what a person writes: only version and roles are required', () => {
    const schema = policyJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.required.sort()).toEqual(['roles', 'version']);
    expect(schema.additionalProperties).toBe(false);
    const role = (schema.properties.roles as { items: { required: string[] } }).items;
    expect(role.required).toEqual(['name']);
    expect((role as unknown as { properties: Record<string, { enum?: string[] }> }).properties.on_error?.enum).toEqual(['block', 'allow']);
  });
});
