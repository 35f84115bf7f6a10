// The fleet store on PostgreSQL: several server processes share one database as stateless
// replicas; policy changes reach every replica through LISTEN/NOTIFY.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AuditError } from '../../audit/errors.js';
import { FleetStore } from '../fleet/fleet-store.js';
import { migrateFleetToLatest } from '../fleet/migrations.js';
import type { FleetDatabase } from '../fleet/schema.js';
import { PostgresNotifier } from './postgres-notifier.js';

export interface PostgresFleetOptions {
  readonly connectionString: string;
  /** A schema to keep the tables in (created if missing); the connection's default otherwise. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresFleetStore(options: PostgresFleetOptions): Promise<FleetStore> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new AuditError('STORE', `not a plain schema name: ${JSON.stringify(options.schema)}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<FleetDatabase>({ dialect: new PostgresDialect({ pool }) });
  let notifier: PostgresNotifier | null = null;
  try {
    if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
    // Two replicas starting together must not both run the migrations.
    await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext('warden_fleet_migrations'))`.execute(conn);
      try {
        await migrateFleetToLatest(conn, 'postgres');
      } finally {
        await sql`select pg_advisory_unlock(hashtext('warden_fleet_migrations'))`.execute(conn);
      }
    });
    notifier = await PostgresNotifier.open(pool, options.connectionString, options.schema);
  } catch (error) {
    await notifier?.close();
    await db.destroy();
    throw error;
  }
  return new FleetStore(db, 'postgres', notifier);
}
