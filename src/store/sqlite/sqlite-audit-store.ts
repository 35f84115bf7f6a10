// The audit store on SQLite (better-sqlite3): the embedded default under WARDEN_HOME. Writes run
// as synchronous IMMEDIATE transactions on prepared statements (the write lock is taken before
// the chain's end is read, so two processes cannot both extend it); reads go through Kysely.
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { AuditStore, PruneResult, RequestMark } from '../../audit/audit-store.js';
import type { ChainPosition, SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditRecord } from '../../audit/entry.js';
import { AuditDuplicateError } from '../../audit/errors.js';
import { checkAppend } from '../append-checks.js';
import { checkpointRow, ENTRY_COLUMNS, entryValues, recordOf, type EntryRow } from '../audit-rows.js';
import { chainHead } from '../audit-reads.js';
import { KyselyAuditReads } from '../kysely-audit-reads.js';
import { migrateToLatest } from '../migrations.js';
import type { StoreDatabase } from '../schema.js';
import { openSqliteFile, type SqliteFileOptions } from './sqlite-file.js';

const INSERT_ENTRY = `INSERT INTO audit_entries (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`;
const INSERT_CHECKPOINT = 'INSERT INTO audit_checkpoints (kind, seq, hash, time, key_id, signature) VALUES (@kind, @seq, @hash, @time, @key_id, @signature) ON CONFLICT DO NOTHING';
const HEAD = `SELECT seq, hash, time FROM audit_entries ORDER BY seq DESC LIMIT 1`;
const HEAD_ANCHOR = `SELECT seq, hash FROM audit_checkpoints WHERE kind = 'anchor' ORDER BY seq DESC LIMIT 1`;
const LAST_BEFORE = 'SELECT * FROM audit_entries WHERE time < ? AND seq <= ? ORDER BY time DESC, seq DESC LIMIT 1';
const HAS_REQUEST = 'SELECT 1 FROM audit_requests WHERE request_id = ?';
const INSERT_REQUEST = 'INSERT INTO audit_requests (request_id, seq, count) VALUES (?, ?, ?)';

type Statement = Database.Statement<unknown[]>;

export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** A synchronous call as a promise: its result, or its exception as the rejection. */
function settled<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export class SqliteAuditStore extends KyselyAuditReads implements AuditStore {
  readonly dialect = 'sqlite' as const;
  private readonly insertEntry: Statement;
  private readonly insertCheckpoint: Statement;
  private readonly headEntry: Statement;
  private readonly headAnchor: Statement;
  private readonly lastBefore: Statement;
  private readonly hasRequest: Statement;
  private readonly insertRequest: Statement;
  private readonly appendTx: (records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[], requests: readonly RequestMark[]) => void;
  private readonly pruneTx: (before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo: number) => PruneResult;

  private constructor(
    private readonly raw: Database.Database,
    db: Kysely<StoreDatabase>,
  ) {
    super(db);
    // Every commit syncs the WAL (synchronous=FULL), whatever this is; it only sets how often the
    // WAL is copied into the database file. Each commit of a few entries dirties a leaf page of
    // most indexes, and a checkpoint every 1,000 WAL pages (the default) copies and syncs those
    // pages again and again; at 10,000 a page rewritten by many commits is copied once. The WAL
    // grows to about 40 MB before it is reused.
    raw.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    this.insertEntry = raw.prepare(INSERT_ENTRY);
    this.insertCheckpoint = raw.prepare(INSERT_CHECKPOINT);
    this.headEntry = raw.prepare(HEAD);
    this.headAnchor = raw.prepare(HEAD_ANCHOR);
    this.lastBefore = raw.prepare(LAST_BEFORE);
    this.hasRequest = raw.prepare(HAS_REQUEST);
    this.insertRequest = raw.prepare(INSERT_REQUEST);
    const append = raw.transaction((records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[], requests: readonly RequestMark[]) => {
      // Under the write lock: a request another process recorded meanwhile is seen here.
      const known = requests.filter((r) => this.hasRequest.get(r.id) !== undefined).map((r) => r.id);
      if (known.length > 0) throw new AuditDuplicateError(known);
      if (records.length > 0) {
        const last = this.headEntry.get() as { seq: number; time: string } | undefined;
        checkAppend({ seq: last ? Number(last.seq) : (this.headSync()?.seq ?? 0), time: last?.time ?? null }, records);
      }
      for (const r of records) this.insertEntry.run(entryValues(r));
      for (const c of checkpoints) this.insertCheckpoint.run(checkpointRow(c));
      for (const r of requests) this.insertRequest.run(r.id, r.seq, r.count);
    });
    this.appendTx = (records, checkpoints, requests) => append.immediate(records, checkpoints, requests);
    const prune = raw.transaction((before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo: number): PruneResult => {
      const row = this.lastBefore.get(before, upTo) as EntryRow | undefined;
      if (!row) return { pruned: 0, anchor: null };
      const last = recordOf(row);
      const anchor = anchorFor(last);
      const pruned = raw.prepare('DELETE FROM audit_entries WHERE seq <= ?').run(last.seq).changes;
      raw.prepare("DELETE FROM audit_checkpoints WHERE seq <= ? AND (kind = 'checkpoint' OR seq < ?)").run(last.seq, last.seq);
      raw.prepare('DELETE FROM audit_requests WHERE seq <= ?').run(last.seq);
      this.insertCheckpoint.run(checkpointRow(anchor));
      return { pruned, anchor };
    });
    this.pruneTx = (before, anchorFor, upTo) => prune.immediate(before, anchorFor, upTo);
  }

  static async open(file: string, options: SqliteFileOptions = {}): Promise<SqliteAuditStore> {
    const raw = openSqliteFile(file, options);
    const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      await migrateToLatest(db, 'sqlite');
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new SqliteAuditStore(raw, db);
  }

  private headSync(): ChainPosition | null {
    const row = (this.headEntry.get() ?? this.headAnchor.get()) as { seq: number; hash: string } | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  head(): Promise<ChainPosition | null> {
    return chainHead(this.db);
  }

  append(records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[], requests: readonly RequestMark[] = []): Promise<void> {
    return settled(() => this.appendTx(records, checkpoints, requests));
  }

  pruneBefore(before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo = Number.MAX_SAFE_INTEGER): Promise<PruneResult> {
    return settled(() => this.pruneTx(before, anchorFor, upTo));
  }

  async close(): Promise<void> {
    if (!this.raw.open) return;
    this.raw.pragma('optimize');
    await this.db.destroy();
  }
}
