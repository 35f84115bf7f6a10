// The audit store on SQLite (better-sqlite3): the embedded default under WARDEN_HOME. Writes run
// as synchronous IMMEDIATE transactions on prepared statements (the write lock is taken before
// the chain's end is read, so two processes cannot both extend it, and appendBuilt chains its
// entries from that end inside the transaction); a lock another process holds is waited for in
// short steps (write-lock.ts). What opening the log needs (the chain's end, the last entry and
// checkpoint) is read the same way; the other reads go through Kysely, loaded on the first of
// them: a process that only appends (proxy, gateway, daemon) never loads it, unless the schema
// needs a migration.
import type Database from 'better-sqlite3';
import type { AppendBatch, AuditFilter, AuditPage, AuditStore, ChainEnd, PageRequest, PruneResult, RequestMark } from '../../audit/audit-store.js';
import type { ChainPosition, SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditRecord } from '../../audit/entry.js';
import { AuditDuplicateError } from '../../audit/errors.js';
import { checkAppend, storedEnd, type StoredEnd } from '../append-checks.js';
import { AUDIT_MIGRATION_NAMES, AUDIT_MIGRATIONS_TABLE } from '../audit-migration-names.js';
import { checkpointOf, checkpointRow, ENTRY_COLUMNS, entryValues, recordOf, type CheckpointRow, type EntryRow } from '../audit-rows.js';
import { DEFAULT_BUSY_TIMEOUT_MS, openSqliteFile, type SqliteFileOptions } from './sqlite-file.js';
import type { SqliteKyselyReads } from './sqlite-kysely-reads.js';
import { preallocateWal } from './wal-preallocate.js';
import { WriteLock } from './write-lock.js';

const INSERT_ENTRY = `INSERT INTO audit_entries (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`;
const INSERT_CHECKPOINT = 'INSERT INTO audit_checkpoints (kind, seq, hash, time, key_id, signature) VALUES (@kind, @seq, @hash, @time, @key_id, @signature) ON CONFLICT DO NOTHING';
const HEAD = `SELECT seq, hash, time FROM audit_entries ORDER BY seq DESC LIMIT 1`;
const HEAD_ANCHOR = `SELECT seq, hash FROM audit_checkpoints WHERE kind = 'anchor' ORDER BY seq DESC LIMIT 1`;
const LAST_ENTRY = 'SELECT * FROM audit_entries ORDER BY seq DESC LIMIT 1';
const LAST_CHECKPOINT = "SELECT * FROM audit_checkpoints WHERE kind = 'checkpoint' ORDER BY seq DESC LIMIT 1";
const LAST_BEFORE = 'SELECT * FROM audit_entries WHERE time < ? AND seq <= ? ORDER BY time DESC, seq DESC LIMIT 1';
const HAS_REQUEST = 'SELECT 1 FROM audit_requests WHERE request_id = ?';
const INSERT_REQUEST = 'INSERT INTO audit_requests (request_id, seq, count) VALUES (?, ?, ?)';

type Statement = Database.Statement<unknown[]>;

export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

export interface SqliteAuditStoreOptions extends SqliteFileOptions {
  /** WAL pages after which a commit checkpoints the WAL into the database (default WAL_AUTOCHECKPOINT_PAGES). */
  readonly walAutocheckpointPages?: number;
  /**
   * Write a new WAL out to its full size at open, so that the first commits do not grow it (for
   * processes that start often and append at once: proxies, the gateway; see wal-preallocate.ts).
   */
  readonly preallocateWal?: boolean;
}

/** A synchronous call as a promise: its result, or its exception as the rejection. */
function settled<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Every migration this version knows is recorded, and no other: Kysely's migrator has nothing to do. */
function schemaIsCurrent(raw: Database.Database): boolean {
  try {
    const names = raw.prepare(`SELECT name FROM ${AUDIT_MIGRATIONS_TABLE} ORDER BY name`).pluck().all() as string[];
    return names.length === AUDIT_MIGRATION_NAMES.length && AUDIT_MIGRATION_NAMES.every((n, i) => names[i] === n);
  } catch {
    return false;
  }
}

/** Tries at bringing a schema up to date while other processes may be doing it too. */
const MIGRATION_TRIES = 20;

/**
 * Migrates the schema. Processes opening the same new log at the same moment (proxies started
 * together) race to migrate it, and SQLite has no lock to hold across Kysely's migrations: the
 * loser's migration fails on tables the winner made. It then tries again after a pause, and
 * finds the migrations done, or finishes them.
 */
async function migrateBesideOthers(raw: Database.Database, reads: SqliteKyselyReads): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await reads.migrate();
      return;
    } catch (error) {
      if (schemaIsCurrent(raw)) return;
      if (attempt >= MIGRATION_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
  }
}

const loadReads = async (raw: Database.Database): Promise<SqliteKyselyReads> => (await import('./sqlite-kysely-reads.js')).SqliteKyselyReads.over(raw);

export class SqliteAuditStore implements AuditStore {
  readonly dialect = 'sqlite' as const;
  private readonly insertEntry: Statement;
  private readonly insertCheckpoint: Statement;
  private readonly headEntry: Statement;
  private readonly headAnchor: Statement;
  private readonly lastEntry: Statement;
  private readonly lastCheckpointRow: Statement;
  private readonly lastBefore: Statement;
  private readonly hasRequest: Statement;
  private readonly insertRequest: Statement;
  private readonly lock: WriteLock;
  private readonly appendTx: (b: AppendBatch) => void;
  private readonly appendBuiltTx: (build: (end: ChainEnd) => AppendBatch) => AppendBatch;
  private readonly pruneTx: (before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo: number) => PruneResult;

  private constructor(
    private readonly raw: Database.Database,
    /** Kysely, once a read has needed it (or the schema was migrated at open). */
    private reads: Promise<SqliteKyselyReads> | null,
    walAutocheckpointPages: number,
    busyTimeoutMs: number,
  ) {
    // Every commit syncs the WAL (synchronous=FULL), whatever this is; it only sets how often the
    // WAL is copied into the database file. Each commit of a few entries dirties a leaf page of
    // most indexes, and a checkpoint every 1,000 WAL pages (the default) copies and syncs those
    // pages again and again; at 10,000 a page rewritten by many commits is copied once. The WAL
    // grows to about 40 MB before it is reused.
    raw.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(walAutocheckpointPages))}`);
    this.insertEntry = raw.prepare(INSERT_ENTRY);
    this.insertCheckpoint = raw.prepare(INSERT_CHECKPOINT);
    this.headEntry = raw.prepare(HEAD);
    this.headAnchor = raw.prepare(HEAD_ANCHOR);
    this.lastEntry = raw.prepare(LAST_ENTRY);
    this.lastCheckpointRow = raw.prepare(LAST_CHECKPOINT);
    this.lastBefore = raw.prepare(LAST_BEFORE);
    this.hasRequest = raw.prepare(HAS_REQUEST);
    this.insertRequest = raw.prepare(INSERT_REQUEST);
    // Under the write lock: a request another process recorded meanwhile is seen here.
    const write = (b: AppendBatch, end: StoredEnd): void => {
      const requests = b.requests ?? [];
      const known = requests.filter((r) => this.hasRequest.get(r.id) !== undefined).map((r) => r.id);
      if (known.length > 0) throw new AuditDuplicateError(known);
      checkAppend(end, b.records);
      for (const r of b.records) this.insertEntry.run(entryValues(r));
      for (const c of b.checkpoints) this.insertCheckpoint.run(checkpointRow(c));
      for (const r of requests) this.insertRequest.run(r.id, r.seq, r.count);
    };
    const append = raw.transaction((b: AppendBatch) => {
      write(b, b.records.length === 0 ? { seq: 0, time: null } : storedEnd(this.chainEnd()));
    });
    const appendBuilt = raw.transaction((build: (end: ChainEnd) => AppendBatch): AppendBatch => {
      const end = this.chainEnd();
      const b = build(end);
      write(b, storedEnd(end));
      return b;
    });
    const lock = (this.lock = new WriteLock(raw, busyTimeoutMs));
    this.appendTx = (b) => lock.run(() => append.immediate(b));
    this.appendBuiltTx = (build) => lock.run(() => appendBuilt.immediate(build));
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
    this.pruneTx = (before, anchorFor, upTo) => lock.run(() => prune.immediate(before, anchorFor, upTo));
  }

  static async open(file: string, options: SqliteAuditStoreOptions = {}): Promise<SqliteAuditStore> {
    const raw = openSqliteFile(file, options);
    const walPages = options.walAutocheckpointPages ?? WAL_AUTOCHECKPOINT_PAGES;
    const busyMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    let store: SqliteAuditStore;
    if (schemaIsCurrent(raw)) store = new SqliteAuditStore(raw, null, walPages, busyMs);
    else {
      let reads: SqliteKyselyReads | null = null;
      try {
        reads = await loadReads(raw);
        await migrateBesideOthers(raw, reads);
      } catch (error) {
        if (reads) await reads.destroy();
        else raw.close();
        throw error;
      }
      store = new SqliteAuditStore(raw, Promise.resolve(reads), walPages, busyMs);
    }
    if (options.preallocateWal && file !== ':memory:') {
      try {
        preallocateWal(raw, file, walPages, store.lock);
      } catch {
        // Only the first commits' speed depends on it; a full disk shows at the first append.
      }
    }
    return store;
  }

  private kysely(): Promise<SqliteKyselyReads> {
    this.reads ??= loadReads(this.raw);
    return this.reads;
  }

  /** The chain's end with the last entry's time (one query when an entry is stored). */
  private chainEnd(): ChainEnd {
    const row = this.headEntry.get() as { seq: number; hash: string; time: string } | undefined;
    if (row) return { tail: { seq: Number(row.seq), hash: row.hash }, time: row.time };
    const anchor = this.headAnchor.get() as { seq: number; hash: string } | undefined;
    return { tail: anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : null, time: null };
  }

  head(): Promise<ChainPosition | null> {
    return settled(() => this.chainEnd().tail);
  }

  last(): Promise<AuditRecord | null> {
    return settled(() => {
      const row = this.lastEntry.get() as EntryRow | undefined;
      return row ? recordOf(row) : null;
    });
  }

  lastCheckpoint(): Promise<SignedCheckpoint | null> {
    return settled(() => {
      const row = this.lastCheckpointRow.get() as CheckpointRow | undefined;
      return row ? checkpointOf(row) : null;
    });
  }

  async readRange(fromSeq: number, limit: number): Promise<AuditRecord[]> {
    return (await this.kysely()).readRange(fromSeq, limit);
  }

  async query(filter: AuditFilter, page: PageRequest): Promise<AuditPage> {
    return (await this.kysely()).query(filter, page);
  }

  async requestRecords(id: string): Promise<AuditRecord[] | null> {
    return (await this.kysely()).requestRecords(id);
  }

  async count(filter?: AuditFilter): Promise<number> {
    return (await this.kysely()).count(filter);
  }

  async checkpoints(): Promise<SignedCheckpoint[]> {
    return (await this.kysely()).checkpoints();
  }

  append(records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[], requests: readonly RequestMark[] = []): Promise<void> {
    return settled(() => this.appendTx({ records, checkpoints, requests }));
  }

  appendBuilt<T extends AppendBatch>(build: (end: ChainEnd) => T): Promise<T> {
    // The transaction returns what build returned: T.
    return settled(() => this.appendBuiltTx(build) as T);
  }

  pruneBefore(before: string, anchorFor: (last: AuditRecord) => SignedCheckpoint, upTo = Number.MAX_SAFE_INTEGER): Promise<PruneResult> {
    return settled(() => this.pruneTx(before, anchorFor, upTo));
  }

  async close(): Promise<void> {
    if (!this.raw.open) return;
    this.raw.pragma('optimize');
    // Kysely's SQLite dialect closes the connection it was given.
    try {
      if (this.reads) await (await this.reads).destroy();
    } finally {
      if (this.raw.open) this.raw.close();
    }
  }
}
