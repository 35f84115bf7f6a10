// The dialects a store test runs against, chosen by WARDEN_STORE_DIALECTS (default: all), each
// with a fresh, private place to put its tables: a temporary SQLite file, or a PostgreSQL schema
// of its own (DATABASE_URL, else postgres://127.0.0.1:5432/test), so parallel runs never collide.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AuditStore } from '../audit/audit-store.js';
import { PostgresAuditStore } from './postgres/postgres-audit-store.js';
import { SqliteAuditStore } from './sqlite/sqlite-audit-store.js';

export interface StorePlace {
  /** Opens a store on this place; may be called again to get a second connection to the same data. */
  open(): Promise<AuditStore>;
  remove(): Promise<void>;
}

export interface StoreTarget {
  readonly dialect: 'sqlite' | 'postgres';
  /** Why the dialect cannot run here, or null. */
  readonly unavailable: string | null;
  place(): StorePlace;
}

/** DATABASE_URL, else the local test database; a URL without a user connects as PGUSER, USER or postgres. */
export function postgresUrl(): string {
  const url = new URL(process.env.DATABASE_URL || 'postgres://127.0.0.1:5432/test');
  if (!url.username) url.username = process.env.PGUSER || process.env.USER || 'postgres';
  return url.toString();
}

async function postgresUnavailable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${url.replace(/\/\/[^@/]*@/, '//')} is unreachable (${(error as Error).message}); set DATABASE_URL to test the PostgreSQL store`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const sqliteTarget: StoreTarget = {
  dialect: 'sqlite',
  unavailable: null,
  place() {
    const dir = mkdtempSync(join(tmpdir(), 'warden-store-'));
    const file = join(dir, 'audit.db');
    const opened: AuditStore[] = [];
    return {
      async open() {
        const store = await SqliteAuditStore.open(file);
        opened.push(store);
        return store;
      },
      async remove() {
        for (const s of opened) await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgresTarget(url: string, unavailable: string | null): StoreTarget {
  return {
    dialect: 'postgres',
    unavailable,
    place() {
      const schema = `warden_test_${process.pid}_${randomBytes(6).toString('hex')}`;
      const opened: AuditStore[] = [];
      return {
        async open() {
          const store = await PostgresAuditStore.open({ connectionString: url, schema, maxConnections: 4 });
          opened.push(store);
          return store;
        },
        async remove() {
          for (const s of opened) await s.close();
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`drop schema if exists "${schema}" cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

export async function storeTargets(): Promise<StoreTarget[]> {
  const wanted = (process.env.WARDEN_STORE_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const targets: StoreTarget[] = [];
  if (wanted.includes('sqlite')) targets.push(sqliteTarget);
  if (wanted.includes('postgres')) targets.push(postgresTarget(postgresUrl(), await postgresUnavailable(postgresUrl())));
  return targets;
}
