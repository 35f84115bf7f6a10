// Bringing a store's schema up to date with Kysely's migrator, the same way for every store: the
// migration tables named per store and, on PostgreSQL, pinned to the connection's schema (Kysely
// otherwise looks in every schema, and would take another server's or test's tables for its own).
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { AuditError } from '../audit/errors.js';
import type { Dialect } from './migrations.js';

export interface MigrationSet {
  /** For messages: "the audit store", "the fleet store". */
  readonly store: string;
  /** Kysely's bookkeeping table; its lock table is the same name with `_lock`. */
  readonly table: string;
  readonly migrations: Record<string, Migration>;
}

export async function runMigrations(db: Kysely<unknown>, dialect: Dialect, set: MigrationSet): Promise<void> {
  const schema = dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(set.migrations) },
    migrationTableName: set.table,
    migrationLockTableName: `${set.table}_lock`,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new AuditError('STORE', `${set.store} schema could not be brought up to date${failed ? ` (migration ${failed})` : ''}: ${error instanceof Error ? error.message : JSON.stringify(error)}`, { cause: error });
  }
}
