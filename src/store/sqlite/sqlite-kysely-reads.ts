// The SQLite audit store's Kysely side: schema migrations and the reads every dialect shares.
// Imported on first need only (a query, or a schema that is not current), so processes that only
// append (proxy, gateway, daemon) do not load Kysely.
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyAuditReads } from '../kysely-audit-reads.js';
import { migrateToLatest } from '../migrations.js';
import type { StoreDatabase } from '../schema.js';

export class SqliteKyselyReads extends KyselyAuditReads {
  private constructor(db: Kysely<StoreDatabase>) {
    super(db);
  }

  /** Kysely over an open connection; `destroy` closes that connection. */
  static over(raw: Database.Database): SqliteKyselyReads {
    return new SqliteKyselyReads(new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: raw }) }));
  }

  migrate(): Promise<void> {
    return migrateToLatest(this.db, 'sqlite');
  }

  destroy(): Promise<void> {
    return this.db.destroy();
  }
}
