// Reading the fleet audit log: filtered pages newest first, in (time, id) order, each found by one
// index (org, value, time, id) walked backwards. A criterion with several values is split into
// one query per value, merged here, so no page sorts every match.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditFilter } from '../../audit/audit-store.js';
import type { AuditRecord } from '../../audit/entry.js';
import { recordOf } from '../audit-rows.js';
import { FleetError } from './errors.js';
import type { Dialect } from '../migrations.js';
import type { FleetDatabase } from './schema.js';
import { pruneSessions } from './session-summary.js';
import { writeTransaction } from './write-transaction.js';

type Db = Kysely<FleetDatabase>;

export interface FleetAuditFilter extends AuditFilter {
  readonly hostIds?: readonly string[];
  readonly session?: string;
  /** Only entries recorded under these role modes (`monitor`, `enforce`); not indexed, so combine it with an indexed criterion. */
  readonly modes?: readonly string[];
}

export interface FleetEntry extends AuditRecord {
  readonly id: string;
  readonly hostId: string;
}

export interface FleetPage {
  readonly entries: readonly FleetEntry[];
  readonly nextCursor: string | null;
}

type Column = 'outcome' | 'severity' | 'type' | 'host' | 'agent' | 'binary' | 'session' | 'host_id';
type Criteria = Partial<Record<Column, readonly string[]>>;
type Query = SelectQueryBuilder<FleetDatabase, 'fleet_audit', object>;

const MAX_SPLIT = 32;

const criteriaOf = (f: FleetAuditFilter): Criteria => ({
  outcome: f.outcomes, severity: f.severities, type: f.types, host: f.hosts, agent: f.agents, binary: f.binaries,
  session: f.session === undefined ? undefined : [f.session], host_id: f.hostIds,
});

type Row = Record<string, unknown> & { id: number | string; host_id: string; time: string };

export function fleetEntryOf(row: Row): FleetEntry {
  return { ...recordOf(row as unknown as Parameters<typeof recordOf>[0]), id: String(row.id), hostId: row.host_id };
}

const encodeCursor = (e: FleetEntry): string => Buffer.from(`${e.time}|${e.id}`).toString('base64url');

function decodeCursor(c: string): [string, number] {
  const [time, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const n = Number(id);
  if (!time || !Number.isSafeInteger(n)) throw new FleetError('INVALID', 'not a page cursor');
  return [time, n];
}

function constrained(q: Query, orgId: string, criteria: Criteria, f: FleetAuditFilter, cursor: [string, number] | null): Query {
  q = q.where('org_id', '=', orgId);
  for (const [column, values] of Object.entries(criteria) as [Column, readonly string[] | undefined][]) {
    if (!values?.length) continue;
    q = values.length === 1 ? q.where(column, '=', values[0]!) : q.where(column, 'in', [...values]);
  }
  if (f.since !== undefined) q = q.where('time', '>=', f.since);
  if (f.until !== undefined) q = q.where('time', '<', f.until);
  if (f.modes !== undefined) q = f.modes.length ? q.where('mode', 'in', [...f.modes]) : q.where(sql<boolean>`1 = 0`);
  if (cursor) q = q.where((eb) => eb(eb.refTuple('time', 'id'), '<', eb.tuple(cursor[0], cursor[1] as never)));
  return q;
}

/** One criterion with several values becomes that many single-value branches. */
function split(criteria: Criteria): Criteria[] {
  for (const [column, values] of Object.entries(criteria) as [Column, readonly string[] | undefined][]) {
    if (values && values.length > 1 && values.length <= MAX_SPLIT) return values.map((v) => ({ ...criteria, [column]: [v] }));
  }
  return [criteria];
}

const newer = (a: Row, b: Row): number => (a.time === b.time ? Number(b.id) - Number(a.id) : a.time < b.time ? 1 : -1);

export async function queryFleetAudit(db: Db, orgId: string, filter: FleetAuditFilter, page: { limit: number; cursor?: string | null }): Promise<FleetPage> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(page.limit)));
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const parts = await Promise.all(
    split(criteriaOf(filter)).map((c) =>
      constrained(db.selectFrom('fleet_audit').selectAll() as unknown as Query, orgId, c, filter, cursor)
        .orderBy('time', 'desc').orderBy('id', 'desc').limit(limit + 1).execute() as Promise<Row[]>,
    ),
  );
  const rows = parts.length === 1 ? parts[0]! : parts.flat().sort(newer);
  const entries = rows.slice(0, limit).map(fleetEntryOf);
  return { entries, nextCursor: rows.length > limit ? encodeCursor(entries[entries.length - 1]!) : null };
}

/** Every matching entry, newest first, read a page at a time. */
export async function* iterateFleetAudit(db: Db, orgId: string, filter: FleetAuditFilter, pageSize = 1_000): AsyncGenerator<FleetEntry> {
  let cursor: string | null = null;
  do {
    const page: FleetPage = await queryFleetAudit(db, orgId, filter, { limit: pageSize, cursor });
    yield* page.entries;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

export async function pruneFleetAudit(db: Db, dialect: Dialect, orgId: string, before: string): Promise<number> {
  return writeTransaction(db, dialect, async (trx) => {
    const r = await trx.deleteFrom('fleet_audit').where('org_id', '=', orgId).where('time', '<', before).executeTakeFirst();
    await pruneSessions(trx, orgId, before);
    return Number(r.numDeletedRows);
  });
}

/** The time of the oldest entry of these hosts (each from its own `since`; of these event types and, when given, role modes), or null when they have none. */
export async function firstFleetActivity(db: Db, orgId: string, hosts: readonly { readonly hostId: string; readonly since?: string }[], types: readonly string[], modes?: readonly string[]): Promise<string | null> {
  let first: string | null = null;
  for (let at = 0; at < hosts.length; at += 500) {
    const chunk = hosts.slice(at, at + 500);
    let q = db.selectFrom('fleet_audit').select((eb) => eb.fn.min('time').as('first'))
      .where('org_id', '=', orgId).where('type', 'in', [...types])
      .where((eb) => eb.or(chunk.map((h) => (h.since === undefined ? eb('host_id', '=', h.hostId) : eb.and([eb('host_id', '=', h.hostId), eb('time', '>=', h.since)])))));
    if (modes !== undefined) q = modes.length ? q.where('mode', 'in', [...modes]) : q.where(sql<boolean>`1 = 0`);
    const r = await q.executeTakeFirst();
    if (r?.first && (first === null || r.first < first)) first = r.first;
  }
  return first;
}
