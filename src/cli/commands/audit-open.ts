// Finding and opening the audit log under WARDEN_HOME for the audit commands.
import { existsSync } from 'node:fs';
import type { AuditStore } from '../../audit/audit-store.js';
import { auditPaths, type AuditPaths } from '../../audit/paths.js';
import { wardenHome } from '../warden-home.js';

export const auditHomePaths = (): AuditPaths => auditPaths(wardenHome());

/** The store, or null when no audit log was ever written here (nothing is created then). */
export async function openExistingStore(paths: AuditPaths): Promise<AuditStore | null> {
  if (!existsSync(paths.db)) return null;
  // Loaded on use: the store's query builder takes a noticeable part of a second to import, which
  // no other command should pay.
  const { SqliteAuditStore } = await import('../../store/sqlite/sqlite-audit-store.js');
  return SqliteAuditStore.open(paths.db);
}

/** Runs `fn` on the store and closes it, whatever happens. */
export async function withStore<T>(store: AuditStore, fn: (store: AuditStore) => Promise<T>): Promise<T> {
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
