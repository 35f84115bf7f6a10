// The policy a host runs: its effective role (its own, else the org default) with the org's
// variables and blocklist, as YAML with an etag.
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import type { HostRecord, RoleRecord } from '../../store/fleet/types.js';
import { ApiError } from '../api-error.js';
import { renderPolicy, type PolicyInputs, type RenderedPolicy } from './policy-document.js';

export interface HostPolicy extends RenderedPolicy {
  readonly role: RoleRecord;
}

export async function orgPolicyParts(store: FleetStore, orgId: string): Promise<Omit<PolicyInputs, 'role'>> {
  const [variables, blocked] = await Promise.all([store.variables.list(orgId), store.approvals.blocked(orgId)]);
  return { variables, blocked };
}

export async function hostPolicy(store: FleetStore, host: Pick<HostRecord, 'orgId' | 'roleId'>): Promise<HostPolicy> {
  const role = await store.roles.effectiveFor(host.orgId, host.roleId);
  if (!role) throw new ApiError(409, 'conflict', 'the org has no default role');
  return { role, ...renderPolicy({ role, ...(await orgPolicyParts(store, host.orgId)) }) };
}

export const policyEvent = (p: HostPolicy) => ({ etag: p.etag, role: { id: p.role.id, name: p.role.name, mode: p.role.mode, version: p.role.version } });
export type PolicyEvent = ReturnType<typeof policyEvent>;
