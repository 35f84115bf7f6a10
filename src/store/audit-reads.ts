// Reads shared by every dialect, written once with Kysely's query builder. Filtered pages and
// counts are in audit-page-query.ts.
import type { Kysely } from 'kysely';
import type { ChainPosition, SignedCheckpoint } from '../audit/checkpoint.js';
import type { AuditRecord } from '../audit/entry.js';
import { checkpointOf, recordOf } from './audit-rows.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;

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
