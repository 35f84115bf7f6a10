// What changed between two definitions of one tool, said so a person can judge it: which fields,
// the old and new description (clipped), and which input properties came, went or changed.
import { canonicalJson } from './canonical-json.js';

export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  /** The JSON Schema of the arguments; null when absent or too large to keep. */
  readonly inputSchema: unknown;
}

export type ToolField = 'name' | 'description' | 'inputSchema';

export interface ToolDiff {
  readonly fields: readonly ToolField[];
  readonly summary: string;
}

const CLIP = 160;
const clip = (t: string): string => {
  const flat = t.replace(/\s+/g, ' ').trim();
  return flat.length > CLIP ? `${flat.slice(0, CLIP - 3)}...` : flat;
};

const propertiesOf = (schema: unknown): Record<string, unknown> | null => {
  if (!schema || typeof schema !== 'object') return null;
  const props = (schema as { properties?: unknown }).properties;
  return props && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, unknown>) : null;
};

const requiredOf = (schema: unknown): string[] => {
  const r = schema && typeof schema === 'object' ? (schema as { required?: unknown }).required : undefined;
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
};

function schemaChanges(before: unknown, after: unknown): string {
  const a = propertiesOf(before);
  const b = propertiesOf(after);
  if (!a || !b) return 'input schema changed';
  const parts: string[] = [];
  const added = Object.keys(b).filter((k) => !(k in a));
  const removed = Object.keys(a).filter((k) => !(k in b));
  const changed = Object.keys(a).filter((k) => k in b && canonicalJson(a[k]) !== canonicalJson(b[k]));
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (removed.length) parts.push(`removed ${removed.join(', ')}`);
  if (changed.length) parts.push(`changed ${changed.join(', ')}`);
  const ra = requiredOf(before);
  const rb = requiredOf(after);
  const nowRequired = rb.filter((k) => !ra.includes(k));
  const noLonger = ra.filter((k) => !rb.includes(k));
  if (nowRequired.length) parts.push(`now required ${nowRequired.join(', ')}`);
  if (noLonger.length) parts.push(`no longer required ${noLonger.join(', ')}`);
  return parts.length ? `input schema: ${parts.join('; ')}` : 'input schema changed';
}

export function diffTools(before: ToolDefinition, after: ToolDefinition): ToolDiff {
  const fields: ToolField[] = [];
  const parts: string[] = [];
  if (before.name !== after.name) {
    fields.push('name');
    parts.push(`name "${clip(before.name)}" → "${clip(after.name)}"`);
  }
  if (before.description !== after.description) {
    fields.push('description');
    parts.push(`description "${clip(before.description)}" → "${clip(after.description)}"`);
  }
  if (canonicalJson(before.inputSchema) !== canonicalJson(after.inputSchema)) {
    fields.push('inputSchema');
    parts.push(schemaChanges(before.inputSchema, after.inputSchema));
  }
  // Definitions too large to keep whole can differ only in the part not kept.
  return { fields, summary: parts.length ? parts.join('; ') : 'definition changed beyond the part kept for comparison' };
}
