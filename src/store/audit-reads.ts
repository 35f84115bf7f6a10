// Reads shared by every dialect, written once with Kysely's query builder.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditFilter, AuditPage, PageRequest } from '../audit/audit-store.js';
import type { ChainPosition, SignedCheckpoint } from '../audit/checkpoint.js';
import type { AuditRecord } from '../audit/entry.js';
import { UsageError } from '../core/errors.js';
import { checkpointOf, recordOf } from './audit-rows.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;
type EntryQuery<O> = SelectQueryBuilder<StoreDatabase, 'audit_entries', O>;

/** The largest page a query returns, whatever is asked. */
export const MAX_PAGE = 10_000;

function anyOf<O>(q: EntryQuery<O>, column: 'outcome' | 'severity' | 'type' | 'host' | 'agent' | 'binary', values: readonly string[] | undefined): EntryQuery<O> {
  if (values === undefined || values.length === 0) return q;
  return values.length === 1 ? q.where(column, '=', values[0]!) : q.where(column, 'in', [...values]);
}

export function filtered<O>(q: EntryQuery<O>, f: AuditFilter): EntryQuery<O> {
  q = anyOf(q, 'outcome', f.outcomes);
  q = anyOf(q, 'severity', f.severities);
  q = anyOf(q, 'type', f.types);
  q = anyOf(q, 'host', f.hosts);
  q = anyOf(q, 'agent', f.agents);
  q = anyOf(q, 'binary', f.binaries);
  if (f.since !== undefined) q = q.where('time', '>=', f.since);
  if (f.until !== undefined) q = q.where('time', '<', f.until);
  return q;
}

function cursorSeq(cursor: string): number {
  const n = /^[1-9][0-9]{0,15}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`not a page cursor: ${JSON.stringify(cursor)}`);
  return n;
}

export async function queryPage(db: Db, filter: AuditFilter, page: PageRequest): Promise<AuditPage> {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.limit)));
  const newest = page.order !== 'oldest';
  let q = filtered(db.selectFrom('audit_entries').selectAll(), filter);
  if (page.cursor) q = q.where('seq', newest ? '<' : '>', cursorSeq(page.cursor));
  const rows = await q.orderBy('seq', newest ? 'desc' : 'asc').limit(limit + 1).execute();
  const records = rows.slice(0, limit).map(recordOf);
  return { records, nextCursor: rows.length > limit ? String(records[records.length - 1]!.seq) : null };
}

export async function countEntries(db: Db, filter: AuditFilter = {}): Promise<number> {
  const row = await filtered(db.selectFrom('audit_entries').select(sql<number | string>`count(*)`.as('n')), filter).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function lastEntry(db: Db): Promise<AuditRecord | null> {
  const row = await db.selectFrom('audit_entries').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? recordOf(row) : null;
}

export async function readRange(db: Db, fromSeq: number, limit: number): Promise<AuditRecord[]> {
  if (limit <= 0) return [];
  const rows = await db.selectFrom('audit_entries').selectAll().where('seq', '>=', fromSeq).orderBy('seq', 'asc').limit(limit).execute();
  return rows.map(recordOf);
}

export async function allCheckpoints(db: Db): Promise<SignedCheckpoint[]> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'asc').orderBy('kind', 'asc').execute();
  return rows.map(checkpointOf);
}

export async function lastCheckpoint(db: Db): Promise<SignedCheckpoint | null> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().where('kind', '=', 'checkpoint').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? checkpointOf(row) : null;
}

export async function chainHead(db: Db): Promise<ChainPosition | null> {
  const entry = await db.selectFrom('audit_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (entry) return { seq: Number(entry.seq), hash: entry.hash };
  const anchor = await db.selectFrom('audit_checkpoints').select(['seq', 'hash']).where('kind', '=', 'anchor').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : null;
}
