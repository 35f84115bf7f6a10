// A transaction that writes: on SQLite it takes the write lock at BEGIN (IMMEDIATE), so two
// processes on one file wait for each other (busy_timeout) instead of failing when a read lock
// cannot be upgraded; on PostgreSQL an ordinary transaction.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../migrations.js';
import type { FleetDatabase } from './schema.js';

type Db = Kysely<FleetDatabase>;

export function writeTransaction<T>(db: Db, dialect: Dialect, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
