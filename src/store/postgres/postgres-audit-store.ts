// The audit store on PostgreSQL (pg): what the control plane uses. Appends and prunes run in a
// transaction holding an advisory lock, so concurrent writers extend the chain one at a time.
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { AppendBatch, AuditStore, ChainEnd, PruneResult, RequestMark } from '../../audit/audit-store.js';
import type { ChainPosition, SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditRecord } from '../../audit/entry.js';
import { AuditDuplicateError, AuditError } from '../../audit/errors.js';
import { checkAppend, storedEnd, type StoredEnd } from '../append-checks.js';
import { checkpointRow, entryRow, recordOf } from '../audit-rows.js';
import { chainHead } from '../audit-reads.js';
import { KyselyAuditReads } from '../kysely-audit-reads.js';
import { migrateToLatest } from '../migrations.js';
import type { StoreDatabase } from '../schema.js';

export interface PostgresStoreOptions {
  readonly connectionString: string;
  /** A schema to keep the tables in (created if missing); the connection's default otherwise. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** Rows per INSERT: 21 parameters each stays well under PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 1_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresAuditStore extends KyselyAuditReads implements AuditStore {
  readonly dialect = 'postgres' as const;

  private constructor(db: Kysely<StoreDatabase>) {
    super(db);
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresAuditStore> {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new AuditError('STORE', `not a plain schema name: ${JSON.stringify(options.schema)}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
    try {
      if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
      await migrateToLatest(db, 'postgres');
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new PostgresAuditStore(db);
  }

  /** One writer at a time per schema: the lock is released when the transaction ends. */
  private static async lock(trx: Transaction<StoreDatabase>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.warden_audit_writer'))`.execute(trx);
  }

  head(): Promise<ChainPosition | null> {
    return chainHead(this.db);
  }

  async append(records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[], requests: readonly RequestMark[] = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await PostgresAuditStore.lock(trx);
      const end: StoredEnd = records.length > 0 ? storedEnd(await PostgresAuditStore.chainEnd(trx)) : { seq: 0, time: null };
      await PostgresAuditStore.write(trx, { records, checkpoints, requests }, end);
    });
  }

  appendBuilt<T extends AppendBatch>(build: (end: ChainEnd) => T): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await PostgresAuditStore.lock(trx);
      const end = await PostgresAuditStore.chainEnd(trx);
      const batch = build(end);
      await PostgresAuditStore.write(trx, batch, storedEnd(end));
      return batch;
    });
  }

  /** Where the stored chain ends, read under the lock: the last entry, else the latest anchor. */
  private static async chainEnd(trx: Transaction<StoreDatabase>): Promise<ChainEnd> {
    const last = await trx.selectFrom('audit_entries').select(['seq', 'hash', 'time']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return last ? { tail: { seq: Number(last.seq), hash: last.hash }, time: last.time } : { tail: await chainHead(trx), time: null };
  }

  /** Stores a batch that continues `end`, under the lock; nothing when one of its requests is stored already. */
  private static async write(trx: Transaction<StoreDatabase>, b: AppendBatch, end: StoredEnd): Promise<void> {
    const requests = b.requests ?? [];
    if (requests.length > 0) {
      const known = await trx.selectFrom('audit_requests').select('request_id').where('request_id', 'in', requests.map((r) => r.id)).execute();
      if (known.length > 0) throw new AuditDuplicateError(known.map((k) => k.request_id));
    }
    checkAppend(end, b.records);
    for (let at = 0; at < b.records.length; at += ROWS_PER_INSERT) {
      await trx.insertInto('audit_entries').values(b.records.slice(at, at + ROWS_PER_INSERT).map(entryRow)).execute();
    }
    if (b.checkpoints.length) await trx.insertInto('audit_checkpoints').values(b.checkpoints.map(checkpointRow)).onConflict((oc) => oc.doNothing()).execute();
    if (requests.length) await trx.insertInto('audit_requests').values(requests.map((r) => ({ request_id: r.id, seq: r.seq, count: r.count }))).execute();
  }

  pruneBefore(before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo = Number.MAX_SAFE_INTEGER): Promise<PruneResult> {
    return this.db.transaction().execute(async (trx) => {
      await PostgresAuditStore.lock(trx);
      const row = await trx.selectFrom('audit_entries').selectAll().where('time', '<', before).where('seq', '<=', upTo).orderBy('time', 'desc').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      if (!row) return { pruned: 0, anchor: null };
      const last = recordOf(row);
      const anchor = anchorFor(last);
      const deleted = await trx.deleteFrom('audit_entries').where('seq', '<=', last.seq).executeTakeFirst();
      await trx
        .deleteFrom('audit_checkpoints')
        .where('seq', '<=', last.seq)
        .where((eb) => eb.or([eb('kind', '=', 'checkpoint'), eb('seq', '<', last.seq)]))
        .execute();
      await trx.deleteFrom('audit_requests').where('seq', '<=', last.seq).execute();
      await trx.insertInto('audit_checkpoints').values(checkpointRow(anchor)).onConflict((oc) => oc.doNothing()).execute();
      return { pruned: Number(deleted.numDeletedRows), anchor };
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
