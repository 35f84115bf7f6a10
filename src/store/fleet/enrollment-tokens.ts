// Enrollment tokens: what a host presents once to join an org. Stored hashed; revocable; expiring.
import type { Kysely, Selectable } from 'kysely';
import { notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { EnrollmentTokensTable, FleetDatabase } from './schema.js';
import type { EnrollmentTokenRecord } from './types.js';

type Db = Kysely<FleetDatabase>;

const tokenOf = (r: Selectable<EnrollmentTokensTable>): EnrollmentTokenRecord => ({
  id: r.id, orgId: r.org_id, roleId: r.role_id, createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, uses: r.uses,
});

export class EnrollmentTokens {
  constructor(private readonly db: Db) {}

  async create(orgId: string, tokenHash: string, options: { roleId: string | null; expiresAt: string; createdBy: string | null }): Promise<EnrollmentTokenRecord> {
    if (options.roleId !== null) {
      const role = await this.db.selectFrom('roles').select('id').where('org_id', '=', orgId).where('id', '=', options.roleId).executeTakeFirst();
      if (!role) throw notFound('role');
    }
    const row = { id: newId('tok'), org_id: orgId, token_hash: tokenHash, role_id: options.roleId, created_by: options.createdBy, created_at: nowIso(), expires_at: options.expiresAt, revoked_at: null, uses: 0 };
    await this.db.insertInto('enrollment_tokens').values(row).execute();
    return tokenOf(row);
  }

  async list(orgId: string): Promise<EnrollmentTokenRecord[]> {
    const rows = await this.db.selectFrom('enrollment_tokens').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
    return rows.map(tokenOf);
  }

  async revoke(orgId: string, id: string): Promise<EnrollmentTokenRecord> {
    await this.db.updateTable('enrollment_tokens').set({ revoked_at: nowIso() }).where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).execute();
    const row = await this.db.selectFrom('enrollment_tokens').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('enrollment token');
    return tokenOf(row);
  }

  /** The live token with this hash, its use counted; null when unknown, expired or revoked. */
  async consume(tokenHash: string, now = nowIso()): Promise<EnrollmentTokenRecord | null> {
    const row = await this.db.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    if (!row) return null;
    await this.db.updateTable('enrollment_tokens').set((eb) => ({ uses: eb('uses', '+', 1) })).where('id', '=', row.id).execute();
    return tokenOf({ ...row, uses: row.uses + 1 });
  }
}
