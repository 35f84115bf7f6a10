// Policy roles: stored as the policy role's content (validated above this layer) plus what the
// fleet adds: the org default, a version bumped on every change, host counts.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Mode } from '../../core/vocabulary.js';
import { FleetError, isUniqueViolation, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase, RolesTable } from './schema.js';
import type { RoleRecord, RoleSpec } from './types.js';

type Db = Kysely<FleetDatabase>;

export interface RoleInput {
  readonly name: string;
  readonly description: string;
  readonly mode: Mode;
  readonly isDefault: boolean;
  readonly spec: RoleSpec;
  readonly risk: Readonly<Record<string, unknown>> | null;
}

export type RolePatch = Partial<RoleInput>;

function roleOf(r: Selectable<RolesTable>, hostCount: number): RoleRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    description: r.description,
    mode: r.mode as Mode,
    isDefault: r.is_default === 1,
    spec: JSON.parse(r.spec) as RoleSpec,
    risk: r.risk === null ? null : (JSON.parse(r.risk) as Record<string, unknown>),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    hostCount,
  };
}

const nameTaken = (name: string, cause: unknown): FleetError => new FleetError('CONFLICT', `a role named ${name} already exists`, { cause });

export class Roles {
  constructor(private readonly db: Db) {}

  /** Hosts per role id; hosts without a role of their own are counted for the default role. */
  private async hostCounts(orgId: string): Promise<Map<string | null, number>> {
    const rows = await this.db
      .selectFrom('hosts')
      .select(['role_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('org_id', '=', orgId)
      .groupBy('role_id')
      .execute();
    return new Map(rows.map((r) => [r.role_id, Number(r.n)]));
  }

  private withCount(r: Selectable<RolesTable>, counts: Map<string | null, number>): RoleRecord {
    return roleOf(r, (counts.get(r.id) ?? 0) + (r.is_default === 1 ? (counts.get(null) ?? 0) : 0));
  }

  async list(orgId: string): Promise<RoleRecord[]> {
    const [rows, counts] = await Promise.all([this.db.selectFrom('roles').selectAll().where('org_id', '=', orgId).orderBy('name').execute(), this.hostCounts(orgId)]);
    return rows.map((r) => this.withCount(r, counts));
  }

  async get(orgId: string, id: string): Promise<RoleRecord> {
    const r = await this.db.selectFrom('roles').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('role');
    return this.withCount(r, await this.hostCounts(orgId));
  }

  async byName(orgId: string, name: string): Promise<RoleRecord | null> {
    const r = await this.db.selectFrom('roles').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
    return r ? this.withCount(r, await this.hostCounts(orgId)) : null;
  }

  async getDefault(orgId: string): Promise<RoleRecord | null> {
    const r = await this.db.selectFrom('roles').selectAll().where('org_id', '=', orgId).where('is_default', '=', 1).executeTakeFirst();
    return r ? this.withCount(r, await this.hostCounts(orgId)) : null;
  }

  /** The role a host runs: its own, else the org default. */
  async effectiveFor(orgId: string, roleId: string | null): Promise<RoleRecord | null> {
    if (roleId !== null) {
      const r = await this.db.selectFrom('roles').selectAll().where('org_id', '=', orgId).where('id', '=', roleId).executeTakeFirst();
      if (r) return roleOf(r, 0);
    }
    const d = await this.db.selectFrom('roles').selectAll().where('org_id', '=', orgId).where('is_default', '=', 1).executeTakeFirst();
    return d ? roleOf(d, 0) : null;
  }

  async create(orgId: string, input: RoleInput): Promise<RoleRecord> {
    const now = nowIso();
    const id = newId('role');
    try {
      await this.db.transaction().execute(async (trx) => {
        if (input.isDefault) {
          await trx.updateTable('roles').set({ is_default: 0 }).where('org_id', '=', orgId).execute();
          await trx.updateTable('hosts').set({ role_assigned_at: now }).where('org_id', '=', orgId).where('role_id', 'is', null).execute();
        }
        await trx.insertInto('roles').values({
          id, org_id: orgId, name: input.name, description: input.description, mode: input.mode, is_default: input.isDefault ? 1 : 0,
          spec: JSON.stringify(input.spec), risk: input.risk === null ? null : JSON.stringify(input.risk), version: 1, created_at: now, updated_at: now,
        }).execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name, error);
      throw error;
    }
    return this.get(orgId, id);
  }

  async update(orgId: string, id: string, patch: RolePatch): Promise<RoleRecord> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('roles').select(['is_default']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (!current) throw notFound('role');
        if (patch.isDefault === false && current.is_default === 1) throw new FleetError('CONFLICT', 'the org needs a default role: make another role the default instead');
        if (patch.isDefault === true && current.is_default !== 1) {
          await trx.updateTable('roles').set({ is_default: 0 }).where('org_id', '=', orgId).execute();
          // The hosts that follow the org default are now under this role.
          await trx.updateTable('hosts').set({ role_assigned_at: nowIso() }).where('org_id', '=', orgId).where('role_id', 'is', null).execute();
        }
        await trx.updateTable('roles').set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.mode !== undefined ? { mode: patch.mode } : {}),
          ...(patch.isDefault === true ? { is_default: 1 } : {}),
          ...(patch.spec !== undefined ? { spec: JSON.stringify(patch.spec) } : {}),
          ...(patch.risk !== undefined ? { risk: patch.risk === null ? null : JSON.stringify(patch.risk) } : {}),
          version: sql<number>`version + 1`,
          updated_at: nowIso(),
        }).where('org_id', '=', orgId).where('id', '=', id).execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(patch.name ?? '', error);
      throw error;
    }
    return this.get(orgId, id);
  }

  /** Deletes a role; its hosts fall back to the org default. The default role itself cannot go. */
  async delete(orgId: string, id: string): Promise<{ hostsReassigned: number }> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('roles').select(['is_default']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('role');
      if (current.is_default === 1) throw new FleetError('CONFLICT', 'the default role cannot be deleted: make another role the default first');
      const moved = await trx.updateTable('hosts').set({ role_id: null, role_assigned_at: nowIso() }).where('org_id', '=', orgId).where('role_id', '=', id).executeTakeFirst();
      await trx.updateTable('enrollment_tokens').set({ role_id: null }).where('org_id', '=', orgId).where('role_id', '=', id).execute();
      await trx.deleteFrom('roles').where('org_id', '=', orgId).where('id', '=', id).execute();
      return { hostsReassigned: Number(moved.numUpdatedRows) };
    });
  }
}
