// A role as the policy file a host runs: version 1, the org's variables, the risk policy as
// detectors.risk, and the one role (blocked plugins first among its MCP rules) as the default.
// What this writes is what src/core/policy/load-policy.ts reads; the server loads it back before
// storing a role, so a host never receives a policy it would refuse.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { loadPolicyText } from '../../core/policy/load-policy.js';
import type { Problem } from '../../core/policy/problems.js';
import type { RoleRecord, VariableRecord } from '../../store/fleet/types.js';

export interface PolicyInputs {
  readonly role: Pick<RoleRecord, 'name' | 'description' | 'mode' | 'spec' | 'risk' | 'id' | 'version'>;
  readonly variables: readonly Pick<VariableRecord, 'name' | 'values'>[];
  /** Plugin and MCP server names on the org's blocklist. */
  readonly blocked: readonly string[];
}

export interface RenderedPolicy {
  readonly yaml: string;
  /** Hex SHA-256 of the YAML. */
  readonly etag: string;
}

export function blocklistRule(name: string, i: number): Record<string, unknown> {
  return { id: `blocklist-${i + 1}`, tool: `${name}/*`, action: 'deny', severity: 'high', reason: `${name} is blocked in plugin approvals` };
}

export function policyDocument(p: PolicyInputs): Record<string, unknown> {
  const spec = p.role.spec;
  const mcp = Array.isArray(spec.mcp) ? (spec.mcp as unknown[]) : [];
  const role: Record<string, unknown> = {
    name: p.role.name,
    ...(p.role.description ? { description: p.role.description } : {}),
    mode: p.role.mode,
    ...spec,
    mcp: [...p.blocked.map(blocklistRule), ...mcp],
  };
  return {
    version: 1,
    default_role: p.role.name,
    variables: Object.fromEntries(p.variables.map((v) => [v.name, v.values])),
    ...(p.role.risk ? { detectors: { risk: p.role.risk } } : {}),
    roles: [role],
  };
}

export function renderPolicy(p: PolicyInputs): RenderedPolicy {
  const header = `# Warden policy from the control plane: role ${p.role.name} (version ${p.role.version}). Edit it there, not here.\n`;
  const yaml = header + stringify(policyDocument(p), { lineWidth: 0 });
  return { yaml, etag: createHash('sha256').update(yaml).digest('hex') };
}

/** The problems a host would find loading this policy (none for a valid role). */
export function policyProblems(p: PolicyInputs): readonly Problem[] {
  return loadPolicyText(renderPolicy(p).yaml, 'policy.yaml').errors;
}
