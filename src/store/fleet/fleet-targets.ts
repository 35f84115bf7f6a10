// The dialects a fleet store test runs against (WARDEN_STORE_DIALECTS, default both), each with
// a fresh place of its own: a temporary SQLite file, or a PostgreSQL schema named for this run
// (DATABASE_URL, else postgres://127.0.0.1:5432/test), dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresFleetStore } from '../postgres/postgres-fleet-store.js';
import { openSqliteFleetStore } from '../sqlite/sqlite-fleet-store.js';
import { postgresUrl, storeTargets } from '../store-targets.js';
import type { FleetStore } from './fleet-store.js';

export interface FleetPlace {
  /** Opens a store on this place; call again for a second process-like connection to the same data. */
  open(): Promise<FleetStore>;
  /** What `warden server --db` would be given for this place (and the schema, for PostgreSQL). */
  readonly location: string;
  readonly schema: string | undefined;
  remove(): Promise<void>;
}

export interface FleetTarget {
  readonly dialect: 'sqlite' | 'postgres';
  readonly unavailable: string | null;
  place(): FleetPlace;
}

export const uniqueSchema = (): string => `warden_test_${process.pid}_${randomBytes(6).toString('hex')}`;

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

function sqlitePlace(): FleetPlace {
  const dir = mkdtempSync(join(tmpdir(), 'warden-fleet-'));
  const file = join(dir, 'server.db');
  const opened: FleetStore[] = [];
  return {
    location: `sqlite:${file}`,
    schema: undefined,
    async open() {
      const s = await openSqliteFleetStore(file);
      opened.push(s);
      return s;
    },
    async remove() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresPlace(url: string): FleetPlace {
  const schema = uniqueSchema();
  const opened: FleetStore[] = [];
  return {
    location: url,
    schema,
    async open() {
      const s = await openPostgresFleetStore({ connectionString: url, schema, maxConnections: 4 });
      opened.push(s);
      return s;
    },
    async remove() {
      for (const s of opened) await s.close();
      await dropSchema(url, schema);
    },
  };
}

export async function fleetTargets(): Promise<FleetTarget[]> {
  return (await storeTargets()).map((t) => ({
    dialect: t.dialect,
    unavailable: t.unavailable,
    place: () => (t.dialect === 'sqlite' ? sqlitePlace() : postgresPlace(postgresUrl())),
  }));
}
