// The fleet store on SQLite: the embedded default ($WARDEN_HOME/server.db), one server process,
// notifications in-process.
import { Kysely, SqliteDialect } from 'kysely';
import { FleetStore } from '../fleet/fleet-store.js';
import { migrateFleetToLatest } from '../fleet/migrations.js';
import { LocalNotifier } from '../fleet/notifier.js';
import type { FleetDatabase } from '../fleet/schema.js';
import { openSqliteFile, type SqliteFileOptions } from './sqlite-file.js';

export async function openSqliteFleetStore(file: string, options: SqliteFileOptions = {}): Promise<FleetStore> {
  const raw = openSqliteFile(file, options);
  raw.pragma('foreign_keys = ON');
  // Statistics for the planner, so an audit page picks the index that fits its filters; cheap when nothing changed.
  raw.pragma('optimize = 0x10002');
  const db = new Kysely<FleetDatabase>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrateFleetToLatest(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new FleetStore(db, 'sqlite', new LocalNotifier(), () => {
    if (raw.open) raw.pragma('optimize');
  });
}
