// Alerts: raised by ingest (policy, integrity) and discovery (plugin); acknowledged, escalated or
// resolved by people. Resolved alerts are kept.
import type { Kysely } from 'kysely';
import type { Severity } from '../../core/vocabulary.js';
import { FleetError, isUniqueViolation, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase } from './schema.js';
import type { AlertKind, AlertRecord, AlertStatus } from './types.js';

type Db = Kysely<FleetDatabase>;

export interface NewAlert {
  readonly kind: AlertKind;
  readonly severity: Severity;
  readonly title: string;
  readonly detail: string;
  readonly hostId?: string | null;
  readonly auditId?: string | null;
  /** Raise at most one alert per key and org. */
  readonly dedupeKey?: string | null;
}

export interface AlertFilter {
  readonly statuses?: readonly AlertStatus[];
  readonly kinds?: readonly AlertKind[];
  readonly severities?: readonly Severity[];
  readonly hostId?: string;
}

const SELECT = ['a.id', 'a.org_id', 'a.kind', 'a.severity', 'a.title', 'a.detail', 'a.status', 'a.host_id', 'a.audit_id', 'a.created_at', 'a.updated_at', 'a.resolved_at', 'a.updated_by', 'h.hostname'] as const;

type Row = { id: string; org_id: string; kind: string; severity: string; title: string; detail: string; status: string; host_id: string | null; audit_id: string | null; created_at: string; updated_at: string; resolved_at: string | null; updated_by: string | null; hostname: string | null };

const alertOf = (r: Row): AlertRecord => ({
  id: r.id, orgId: r.org_id, kind: r.kind as AlertKind, severity: r.severity as Severity, title: r.title, detail: r.detail, status: r.status as AlertStatus,
  hostId: r.host_id, hostname: r.hostname, auditId: r.audit_id, createdAt: r.created_at, updatedAt: r.updated_at, resolvedAt: r.resolved_at, updatedBy: r.updated_by,
});

/** Page cursor: created_at and id of the last alert shown. */
const encodeCursor = (a: AlertRecord): string => Buffer.from(`${a.createdAt}|${a.id}`).toString('base64url');
function decodeCursor(c: string): [string, string] {
  const [t, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!t || !id) throw new FleetError('INVALID', 'not a page cursor');
  return [t, id];
}

export class Alerts {
  constructor(private readonly db: Db) {}

  /** Raises an alert; returns null when one with the same dedupe key exists already. */
  async raise(orgId: string, a: NewAlert): Promise<string | null> {
    const now = nowIso();
    const id = newId('alr');
    try {
      await this.db.insertInto('alerts').values({
        id, org_id: orgId, kind: a.kind, severity: a.severity, title: a.title, detail: a.detail, status: 'open',
        host_id: a.hostId ?? null, audit_id: a.auditId ?? null, dedupe_key: a.dedupeKey ?? null, created_at: now, updated_at: now, resolved_at: null, updated_by: null,
      }).execute();
    } catch (error) {
      if (a.dedupeKey && isUniqueViolation(error)) return null;
      throw error;
    }
    return id;
  }

  /** Raises many alerts in one statement; those whose dedupe key exists already are skipped. */
  async raiseMany(orgId: string, alerts: readonly NewAlert[]): Promise<void> {
    if (!alerts.length) return;
    const now = nowIso();
    for (let at = 0; at < alerts.length; at += 500) {
      await this.db.insertInto('alerts').values(alerts.slice(at, at + 500).map((a) => ({
        id: newId('alr'), org_id: orgId, kind: a.kind, severity: a.severity, title: a.title, detail: a.detail, status: 'open',
        host_id: a.hostId ?? null, audit_id: a.auditId ?? null, dedupe_key: a.dedupeKey ?? null, created_at: now, updated_at: now, resolved_at: null, updated_by: null,
      }))).onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing()).execute();
    }
  }

  async list(orgId: string, filter: AlertFilter, page: { limit: number; cursor?: string | null }): Promise<{ alerts: AlertRecord[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('alerts as a').leftJoin('hosts as h', 'h.id', 'a.host_id').select(SELECT).where('a.org_id', '=', orgId);
    if (filter.statuses?.length) q = q.where('a.status', 'in', [...filter.statuses]);
    if (filter.kinds?.length) q = q.where('a.kind', 'in', [...filter.kinds]);
    if (filter.severities?.length) q = q.where('a.severity', 'in', [...filter.severities]);
    if (filter.hostId !== undefined) q = q.where('a.host_id', '=', filter.hostId);
    if (page.cursor) {
      const [t, id] = decodeCursor(page.cursor);
      q = q.where((eb) => eb(eb.refTuple('a.created_at', 'a.id'), '<', eb.tuple(t, id)));
    }
    const rows = await q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(page.limit + 1).execute();
    const alerts = rows.slice(0, page.limit).map(alertOf);
    return { alerts, nextCursor: rows.length > page.limit ? encodeCursor(alerts[alerts.length - 1]!) : null };
  }

  async get(orgId: string, id: string): Promise<AlertRecord> {
    const r = await this.db.selectFrom('alerts as a').leftJoin('hosts as h', 'h.id', 'a.host_id').select(SELECT).where('a.org_id', '=', orgId).where('a.id', '=', id).executeTakeFirst();
    if (!r) throw notFound('alert');
    return alertOf(r);
  }

  async setStatus(orgId: string, id: string, status: Exclude<AlertStatus, 'open'>, by: string): Promise<AlertRecord> {
    const current = await this.get(orgId, id);
    if (current.status === 'resolved' && status !== 'resolved') throw new FleetError('CONFLICT', 'the alert is resolved already');
    const now = nowIso();
    await this.db.updateTable('alerts').set({ status, updated_at: now, updated_by: by, ...(status === 'resolved' && current.resolvedAt === null ? { resolved_at: now } : {}) })
      .where('org_id', '=', orgId).where('id', '=', id).execute();
    return this.get(orgId, id);
  }

  async countOpen(orgId: string, hostId: string): Promise<number> {
    const r = await this.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number | string>().as('n')).where('org_id', '=', orgId).where('host_id', '=', hostId).where('status', '<>', 'resolved').executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
