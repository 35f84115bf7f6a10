// Store records in the API's shapes (docs/api.md).
import { recordJson } from '../audit/export/record-json.js';
import type { FleetEntry } from '../store/fleet/audit-query.js';
import type { EnrollmentTokenRecord, HostRecord, Org, RoleRecord, User } from '../store/fleet/types.js';

export const userJson = (u: User) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt });

export const orgJson = (o: Org) => ({ id: o.id, name: o.name, retentionDays: o.retentionDays, advisor: o.advisor });

export function roleJson(r: RoleRecord) {
  const s = r.spec;
  return {
    id: r.id, name: r.name, description: r.description, mode: r.mode, isDefault: r.isDefault,
    status: r.hostCount > 0 ? ('active' as const) : ('draft' as const), hostCount: r.hostCount, version: r.version,
    createdAt: r.createdAt, updatedAt: r.updatedAt,
    on_unresolved: s.on_unresolved ?? 'ask', commands: s.commands ?? [], mcp: s.mcp ?? [], files: s.files ?? [], web: s.web ?? [],
    defaults: s.defaults ?? { command: 'allow', mcp: 'allow', file: 'allow', web: 'allow' }, detection: s.detection ?? null,
    risk: r.risk,
  };
}

/** A host is online while its event stream is open here, or when it called within this long. */
const ONLINE_MS = 2 * 60_000;

export function hostJson(h: HostRecord, effective: Pick<RoleRecord, 'id' | 'name' | 'mode'> | null, connected: boolean, now: number) {
  const recent = h.lastSeenAt !== null && now - Date.parse(h.lastSeenAt) < ONLINE_MS;
  return {
    id: h.id, hostname: h.hostname, roleId: h.roleId,
    effectiveRole: effective ? { id: effective.id, name: effective.name, mode: effective.mode } : null,
    os: h.os, agentVersion: h.agentVersion, status: connected || recent ? ('online' as const) : ('offline' as const),
    enrolledAt: h.enrolledAt, lastSeenAt: h.lastSeenAt, roleAssignedAt: h.roleAssignedAt, lastSeq: h.lastSeq, integrity: h.integrity,
  };
}

export const entryJson = (e: FleetEntry) => ({ id: e.id, hostId: e.hostId, ...recordJson(e) });

export const tokenJson = (t: EnrollmentTokenRecord, token?: string) => ({
  id: t.id, roleId: t.roleId, createdAt: t.createdAt, expiresAt: t.expiresAt, revokedAt: t.revokedAt, uses: t.uses, createdBy: t.createdBy,
  ...(token !== undefined ? { token } : {}),
});
