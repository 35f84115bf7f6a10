// Opening the control plane's store from a location: `sqlite:PATH`, a plain path, or `postgres://…`.
import type { FleetStore } from './fleet/fleet-store.js';
import { openPostgresFleetStore } from './postgres/postgres-fleet-store.js';
import { openSqliteFleetStore } from './sqlite/sqlite-fleet-store.js';

export const isPostgresLocation = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

export function openFleetStore(location: string, options: { schema?: string } = {}): Promise<FleetStore> {
  if (isPostgresLocation(location)) return openPostgresFleetStore({ connectionString: location, schema: options.schema });
  return openSqliteFleetStore(location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location);
}
