// Policy Advisor suggestions: a batch of proposed rule changes for one role, from one window of
// the audit log, pending until an admin applies (all or some of) it or discards it.
import type { Kysely, Selectable } from 'kysely';
import { FleetError, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase, RoleSuggestionsTable } from './schema.js';

type Db = Kysely<FleetDatabase>;

export type SuggestionStatus = 'pending' | 'applied' | 'discarded';
/** Who asked for the analysis: an admin, or the org's analysis schedule. */
export type SuggestionOrigin = 'manual' | 'scheduled';

export interface SuggestionRecord {
  readonly id: string;
  readonly orgId: string;
  readonly roleId: string;
  readonly roleName: string | null;
  readonly createdAt: string;
  readonly status: SuggestionStatus;
  /** The proposed changes as the server wrote them. */
  readonly changes: readonly unknown[];
  /** Indexes of the changes applied; null until applied. */
  readonly applied: readonly number[] | null;
  readonly window: { readonly since: string; readonly until: string };
  readonly hostCount: number;
  readonly eventCount: number;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly origin: SuggestionOrigin;
}

export interface SuggestionInput {
  readonly roleId: string;
  readonly origin?: SuggestionOrigin;
  readonly changes: readonly unknown[];
  readonly window: { readonly since: string; readonly until: string };
  readonly hostCount: number;
  readonly eventCount: number;
}

const recordOf = (r: Selectable<RoleSuggestionsTable> & { role_name: string | null }): SuggestionRecord => ({
  id: r.id, orgId: r.org_id, roleId: r.role_id, roleName: r.role_name, createdAt: r.created_at, status: r.status as SuggestionStatus,
  changes: JSON.parse(r.changes) as unknown[], applied: r.applied === null ? null : (JSON.parse(r.applied) as number[]),
  window: { since: r.window_since, until: r.window_until }, hostCount: Number(r.host_count), eventCount: Number(r.event_count),
  decidedAt: r.decided_at, decidedBy: r.decided_by, origin: r.origin === 'scheduled' ? 'scheduled' : 'manual',
});

export class Suggestions {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db.selectFrom('role_suggestions as s').leftJoin('roles as r', 'r.id', 's.role_id').selectAll('s').select('r.name as role_name');
  }

  async create(orgId: string, input: SuggestionInput): Promise<SuggestionRecord> {
    const id = newId('sug');
    await this.db.insertInto('role_suggestions').values({
      id, org_id: orgId, role_id: input.roleId, created_at: nowIso(), status: 'pending', changes: JSON.stringify(input.changes), applied: null,
      window_since: input.window.since, window_until: input.window.until, host_count: input.hostCount, event_count: input.eventCount, decided_at: null, decided_by: null,
      origin: input.origin ?? 'manual',
    }).execute();
    return this.get(orgId, id);
  }

  async list(orgId: string, filter: { roleId?: string; status?: SuggestionStatus; limit?: number } = {}): Promise<SuggestionRecord[]> {
    let q = this.select().where('s.org_id', '=', orgId);
    if (filter.roleId !== undefined) q = q.where('s.role_id', '=', filter.roleId);
    if (filter.status !== undefined) q = q.where('s.status', '=', filter.status);
    const rows = await q.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(filter.limit ?? 200).execute();
    return rows.map(recordOf);
  }

  async get(orgId: string, id: string): Promise<SuggestionRecord> {
    const r = await this.select().where('s.org_id', '=', orgId).where('s.id', '=', id).executeTakeFirst();
    if (!r) throw notFound('suggestion');
    return recordOf(r);
  }

  /** Marks a pending suggestion decided; a suggestion is decided once. */
  async decide(orgId: string, id: string, status: 'applied' | 'discarded', applied: readonly number[] | null, by: string | null): Promise<SuggestionRecord> {
    const r = await this.db.updateTable('role_suggestions')
      .set({ status, applied: applied === null ? null : JSON.stringify(applied), decided_at: nowIso(), decided_by: by })
      .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const current = await this.get(orgId, id);
      throw new FleetError('CONFLICT', `the suggestion is already ${current.status}`);
    }
    return this.get(orgId, id);
  }

  /** Takes a decision back when what it decided could not be carried out (the role update failed). */
  async reopen(orgId: string, id: string): Promise<void> {
    await this.db.updateTable('role_suggestions')
      .set({ status: 'pending', applied: null, decided_at: null, decided_by: null })
      .where('org_id', '=', orgId).where('id', '=', id)
      .execute();
  }
}
