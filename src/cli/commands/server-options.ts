// The flags `warden server` and `warden server token` share: where the database is.
import { join } from 'node:path';
import { UsageError, WardenError } from '../../core/errors.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import { isPostgresLocation, openFleetStore } from '../../store/open-fleet-store.js';
import { wardenHome } from '../warden-home.js';

export interface DbOptions {
  db?: string;
  schema?: string;
}

export const DEFAULT_LISTEN = '127.0.0.1:7700';

export function dbLocation(o: DbOptions): string {
  return o.db ?? `sqlite:${join(wardenHome(), 'server.db')}`;
}

/** Where the database is, for people: the URL without its password. */
export function describeDb(location: string): string {
  if (!isPostgresLocation(location)) return `SQLite ${location.replace(/^sqlite:/, '')}`;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}

export async function openDb(o: DbOptions): Promise<FleetStore> {
  const location = dbLocation(o);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !isPostgresLocation(location)) throw new UsageError(`--db wants sqlite:PATH or postgres://…, not ${location}`);
  if (o.schema !== undefined && !isPostgresLocation(location)) throw new UsageError('--schema applies to PostgreSQL only');
  try {
    return await openFleetStore(location, o.schema !== undefined ? { schema: o.schema } : {});
  } catch (error) {
    if (error instanceof WardenError) throw error;
    throw new WardenError('STORE', `cannot open the database (${describeDb(location)}): ${(error as Error).message}`, { cause: error });
  }
}

export function parseListen(text: string): { hostname: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || !(port >= 0 && port <= 65_535)) throw new UsageError(`--listen wants HOST:PORT (e.g. ${DEFAULT_LISTEN} or 0.0.0.0:7700), not "${text}"`);
  return { hostname: m[1]!.replace(/^\[|\]$/g, ''), port };
}
