// Enrolled hosts: their pinned audit key, assigned role and where their uploaded chain ends.
import type { Kysely, Selectable } from 'kysely';
import { FleetError, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase, HostsTable } from './schema.js';
import type { HostRecord } from './types.js';

type Db = Kysely<FleetDatabase>;

export interface EnrollInput {
  readonly hostname: string;
  readonly publicKey: string;
  readonly keyId: string;
  readonly os: string | null;
  readonly agentVersion: string | null;
  readonly tokenHash: string;
  /** The role the enrollment token names, if any. */
  readonly roleId: string | null;
}

export const hostOf = (r: Selectable<HostsTable>): HostRecord => ({
  id: r.id,
  orgId: r.org_id,
  hostname: r.hostname,
  roleId: r.role_id,
  publicKey: r.public_key,
  keyId: r.key_id,
  os: r.os,
  agentVersion: r.agent_version,
  enrolledAt: r.enrolled_at,
  roleAssignedAt: r.role_assigned_at ?? r.enrolled_at,
  lastSeenAt: r.last_seen_at,
  lastSeq: Number(r.last_seq),
  lastHash: r.last_hash,
  integrity: r.integrity === 'broken' ? 'broken' : 'ok',
});

export class Hosts {
  constructor(private readonly db: Db) {}

  /** A new host, or the same host again when it enrolls with the key it enrolled with (a new token replaces the old). */
  async enroll(orgId: string, input: EnrollInput): Promise<HostRecord> {
    const now = nowIso();
    const existing = await this.db.selectFrom('hosts').select(['id', 'role_id']).where('org_id', '=', orgId).where('key_id', '=', input.keyId).executeTakeFirst();
    if (existing) {
      await this.db.updateTable('hosts').set({
        hostname: input.hostname, token_hash: input.tokenHash, os: input.os, agent_version: input.agentVersion, last_seen_at: now,
        ...(input.roleId !== null ? { role_id: input.roleId } : {}),
        ...(input.roleId !== null && input.roleId !== existing.role_id ? { role_assigned_at: now } : {}),
      }).where('id', '=', existing.id).execute();
      return this.get(orgId, existing.id);
    }
    const id = newId('host');
    await this.db.insertInto('hosts').values({
      id, org_id: orgId, hostname: input.hostname, role_id: input.roleId, token_hash: input.tokenHash, public_key: input.publicKey, key_id: input.keyId,
      os: input.os, agent_version: input.agentVersion, enrolled_at: now, role_assigned_at: now, last_seen_at: now, last_seq: 0, last_hash: null, integrity: 'ok',
    }).execute();
    return this.get(orgId, id);
  }

  async byTokenHash(tokenHash: string): Promise<HostRecord | null> {
    const r = await this.db.selectFrom('hosts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? hostOf(r) : null;
  }

  async list(orgId: string, filter: { roleId?: string; q?: string } = {}): Promise<HostRecord[]> {
    let q = this.db.selectFrom('hosts').selectAll().where('org_id', '=', orgId);
    if (filter.roleId !== undefined) q = q.where('role_id', '=', filter.roleId);
    const rows = await q.orderBy('hostname').orderBy('id').execute();
    const needle = filter.q?.toLowerCase();
    return rows.map(hostOf).filter((h) => needle === undefined || h.hostname.toLowerCase().includes(needle));
  }

  async get(orgId: string, id: string): Promise<HostRecord> {
    const r = await this.db.selectFrom('hosts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('host');
    return hostOf(r);
  }

  /** Assigns a role (null: the org default) to every host named, all or none; a host whose role changes has its assignment time set to now. */
  async assignRole(orgId: string, hostIds: readonly string[], roleId: string | null): Promise<number> {
    const ids = [...new Set(hostIds)];
    return this.db.transaction().execute(async (trx) => {
      if (roleId !== null) {
        const role = await trx.selectFrom('roles').select('id').where('org_id', '=', orgId).where('id', '=', roleId).executeTakeFirst();
        if (!role) throw notFound('role');
      }
      const found = await trx.selectFrom('hosts').select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute();
      if (found.length !== ids.length) throw notFound('host');
      // Only a host whose role changes starts its observation under the role again.
      await trx.updateTable('hosts').set({ role_id: roleId, role_assigned_at: nowIso() }).where('org_id', '=', orgId).where('id', 'in', ids)
        .where((eb) => (roleId === null ? eb('role_id', 'is not', null) : eb.or([eb('role_id', 'is', null), eb('role_id', '!=', roleId)])))
        .execute();
      return found.length;
    });
  }

  async delete(orgId: string, id: string): Promise<void> {
    const r = await this.db.deleteFrom('hosts').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('host');
  }

  async touch(id: string, at = nowIso()): Promise<void> {
    await this.db.updateTable('hosts').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  /** Marks the host's uploaded chain as broken (an integrity alert was raised for it). */
  async markBroken(id: string): Promise<void> {
    await this.db.updateTable('hosts').set({ integrity: 'broken' }).where('id', '=', id).execute();
  }

  async ensureExists(orgId: string, id: string): Promise<void> {
    const r = await this.db.selectFrom('hosts').select('id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!r) throw new FleetError('NOT_FOUND', 'no such host');
  }
}
