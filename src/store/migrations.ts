// The schema's history: one definition for every dialect, run by Kysely's migrator at open.
// Migrations are only ever added, never edited once released.
import { sql, type Kysely, type Migration } from 'kysely';
import { AUDIT_MIGRATIONS_TABLE } from './audit-migration-names.js';
import { withEntryColumns } from './entry-columns.js';
import { runMigrations } from './run-migrations.js';
import type { StoreDatabase } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** Columns a filtered page may select on; each is indexed together with seq, the page order, and carries the others. */
export const FILTER_COLUMNS = ['outcome', 'severity', 'type', 'host', 'agent', 'binary'] as const;

/**
 * The value most entries share in a low-cardinality column. Its rows are left out of that
 * column's index (a partial index): a filter on it matches most of the log anyway, so a page is
 * found by walking seq, and every append updates fewer indexes. A query may use such an index
 * only when it says `column <> common` itself.
 */
export const COMMON_VALUE = { outcome: 'allowed', severity: 'info', type: 'command' } as const;
type Partial = keyof typeof COMMON_VALUE;
const isPartial = (column: string): column is Partial => column in COMMON_VALUE;

/** Filter columns many entries leave NULL; their indexes hold only the entries that have a value. */
export const OPTIONAL_COLUMNS = ['agent', 'binary'] as const;

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_audit_log': {
      async up(db: Kysely<unknown>) {
        await withEntryColumns(db.schema
          .createTable('audit_entries')
          // SQLite: exactly INTEGER PRIMARY KEY, so seq is the rowid and every index carries it free.
          .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.primaryKey()))
          .execute();
        await db.schema.createIndex('audit_entries_time').on('audit_entries').columns(['time', 'seq']).execute();
        for (const column of FILTER_COLUMNS) {
          // Keyed by (value, seq) for pages in seq order; the other filter columns ride along so a
          // second criterion is tested on the index entry, before the row is read.
          const others = FILTER_COLUMNS.filter((c) => c !== column);
          const index = db.schema.createIndex(`audit_entries_${column}`).on('audit_entries').columns([column, 'seq', ...others]);
          await (isPartial(column) ? index.where(sql.ref(column), '<>', COMMON_VALUE[column]) : index).execute();
        }
        await db.schema
          .createTable('audit_checkpoints')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('time', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('signature', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('audit_checkpoints_pk', ['kind', 'seq'])
          .execute();
        await db.schema.createIndex('audit_checkpoints_seq').on('audit_checkpoints').column('seq').execute();
      },
    },
    '0002_audit_requests': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('audit_requests')
          .addColumn('request_id', 'text', (c) => c.primaryKey())
          .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_requests_seq').on('audit_requests').column('seq').execute();
      },
    },
    '0003_audit_optional_columns': {
      // Entries without an agent or a program (MCP calls and results, tool descriptions) are left
      // out of those columns' indexes: a filter on them names a value, so it never matches a
      // NULL, and each such append dirties two index pages fewer (each page one more to write
      // and sync in the commit the caller waits for).
      async up(db: Kysely<unknown>) {
        for (const column of OPTIONAL_COLUMNS) {
          const name = `audit_entries_${column}`;
          const others = FILTER_COLUMNS.filter((c) => c !== column);
          await db.schema.dropIndex(name).execute();
          await db.schema.createIndex(name).on('audit_entries').columns([column, 'seq', ...others]).where(sql.ref(column), 'is not', null).execute();
        }
      },
    },
  };
}

export function migrateToLatest(db: Kysely<StoreDatabase>, dialect: Dialect): Promise<void> {
  return runMigrations(db as Kysely<unknown>, dialect, { store: 'the audit store', table: AUDIT_MIGRATIONS_TABLE, migrations: migrations(dialect) });
}
