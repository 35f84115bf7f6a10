// Plugin approvals: MCP servers and plugins hosts discovered, pending until someone approves,
// blocks (the name joins the org's blocklist, enforced in every host's policy) or dismisses them.
import type { Kysely } from 'kysely';
import type { Severity } from '../../core/vocabulary.js';
import { isUniqueViolation, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase } from './schema.js';
import type { ApprovalRecord, ApprovalStatus } from './types.js';

type Db = Kysely<FleetDatabase>;

export interface Discovery {
  readonly name: string;
  readonly version: string | null;
  readonly type: string;
  readonly findings: readonly { readonly severity: Severity; readonly title: string }[];
}

type Row = { id: string; org_id: string; name: string; version: string; type: string; host_id: string | null; findings: string; status: string; detected_at: string; decided_at: string | null; decided_by: string | null; hostname: string | null };

const approvalOf = (r: Row): ApprovalRecord => ({
  id: r.id, orgId: r.org_id, name: r.name, version: r.version === '' ? null : r.version, type: r.type, hostId: r.host_id, hostname: r.hostname,
  findings: JSON.parse(r.findings) as ApprovalRecord['findings'], status: r.status as ApprovalStatus, detectedAt: r.detected_at, decidedAt: r.decided_at, decidedBy: r.decided_by,
});

const SELECT = ['p.id', 'p.org_id', 'p.name', 'p.version', 'p.type', 'p.host_id', 'p.findings', 'p.status', 'p.detected_at', 'p.decided_at', 'p.decided_by', 'h.hostname'] as const;

export class Approvals {
  constructor(private readonly db: Db) {}

  /** Records a discovery; returns the new approval's id, or null when the org has seen this name and version already. */
  async discover(orgId: string, hostId: string | null, d: Discovery): Promise<string | null> {
    const id = newId('apr');
    try {
      await this.db.insertInto('approvals').values({
        id, org_id: orgId, name: d.name, version: d.version ?? '', type: d.type, host_id: hostId, findings: JSON.stringify(d.findings),
        status: 'pending', detected_at: nowIso(), decided_at: null, decided_by: null,
      }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return id;
  }

  async list(orgId: string, statuses?: readonly ApprovalStatus[]): Promise<ApprovalRecord[]> {
    let q = this.db.selectFrom('approvals as p').leftJoin('hosts as h', 'h.id', 'p.host_id').select(SELECT).where('p.org_id', '=', orgId);
    if (statuses?.length) q = q.where('p.status', 'in', [...statuses]);
    const rows = await q.orderBy('p.detected_at', 'desc').orderBy('p.id', 'desc').execute();
    return rows.map(approvalOf);
  }

  async get(orgId: string, id: string): Promise<ApprovalRecord> {
    const r = await this.db.selectFrom('approvals as p').leftJoin('hosts as h', 'h.id', 'p.host_id').select(SELECT).where('p.org_id', '=', orgId).where('p.id', '=', id).executeTakeFirst();
    if (!r) throw notFound('approval');
    return approvalOf(r);
  }

  async decide(orgId: string, id: string, status: Exclude<ApprovalStatus, 'pending'>, by: string): Promise<ApprovalRecord> {
    await this.get(orgId, id);
    await this.db.updateTable('approvals').set({ status, decided_at: nowIso(), decided_by: by }).where('org_id', '=', orgId).where('id', '=', id).execute();
    return this.get(orgId, id);
  }

  /** Names on the org's blocklist, sorted. */
  async blocked(orgId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('approvals').select('name').distinct().where('org_id', '=', orgId).where('status', '=', 'blocked').orderBy('name').execute();
    return rows.map((r) => r.name);
  }
}
