// Variables: environment names assigned to hosts by hostname patterns, builtin (env) or custom.
import type { Kysely, Selectable } from 'kysely';
import { FleetError, isUniqueViolation, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase, VariablesTable } from './schema.js';
import type { VariableRecord, VariableValueInput } from './types.js';

type Db = Kysely<FleetDatabase>;

const variableOf = (r: Selectable<VariablesTable>): VariableRecord => ({
  id: r.id, orgId: r.org_id, name: r.name, builtin: r.builtin === 1, values: JSON.parse(r.values_json) as VariableValueInput[], updatedAt: r.updated_at,
});

export class Variables {
  constructor(private readonly db: Db) {}

  async list(orgId: string): Promise<VariableRecord[]> {
    const rows = await this.db.selectFrom('variables').selectAll().where('org_id', '=', orgId).orderBy('builtin', 'desc').orderBy('name').execute();
    return rows.map(variableOf);
  }

  async get(orgId: string, id: string): Promise<VariableRecord> {
    const r = await this.db.selectFrom('variables').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('variable');
    return variableOf(r);
  }

  async create(orgId: string, name: string, values: readonly VariableValueInput[], builtin = false): Promise<VariableRecord> {
    const row = { id: newId('var'), org_id: orgId, name, builtin: builtin ? 1 : 0, values_json: JSON.stringify(values), updated_at: nowIso() };
    try {
      await this.db.insertInto('variables').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new FleetError('CONFLICT', `a variable named ${name} already exists`, { cause: error });
      throw error;
    }
    return variableOf(row);
  }

  async update(orgId: string, id: string, values: readonly VariableValueInput[]): Promise<VariableRecord> {
    const r = await this.db.updateTable('variables').set({ values_json: JSON.stringify(values), updated_at: nowIso() }).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('variable');
    return this.get(orgId, id);
  }

  async delete(orgId: string, id: string): Promise<void> {
    const v = await this.get(orgId, id);
    if (v.builtin) throw new FleetError('CONFLICT', `${v.name} is a builtin variable and cannot be deleted`);
    await this.db.deleteFrom('variables').where('org_id', '=', orgId).where('id', '=', id).execute();
  }
}
