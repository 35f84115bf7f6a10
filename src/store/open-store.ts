// Opening an audit store from a location: `sqlite:PATH`, a plain path, or `postgres://…`.
import type { AuditStore } from '../audit/audit-store.js';
import { PostgresAuditStore } from './postgres/postgres-audit-store.js';
import { SqliteAuditStore } from './sqlite/sqlite-audit-store.js';
import type { SqliteFileOptions } from './sqlite/sqlite-file.js';

export interface OpenStoreOptions {
  readonly sqlite?: SqliteFileOptions;
  /** PostgreSQL schema for the tables. */
  readonly schema?: string;
}

export function openAuditStore(location: string, options: OpenStoreOptions = {}): Promise<AuditStore> {
  if (/^postgres(ql)?:\/\//.test(location)) return PostgresAuditStore.open({ connectionString: location, schema: options.schema });
  const file = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  return SqliteAuditStore.open(file, options.sqlite);
}
