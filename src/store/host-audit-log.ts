// The host's audit log as the daemon and hooks use it: $WARDEN_HOME/audit.db, the host key under
// $WARDEN_HOME/keys/ (made on first use), and the copy of the latest checkpoint beside them.
import { AuditLog, type AuditLogOptions } from '../audit/audit-log.js';
import { checkpointCopyFile } from '../audit/checkpoint-copy.js';
import { loadOrCreateHostKey } from '../audit/host-key.js';
import { auditPaths, type AuditPaths } from '../audit/paths.js';
import { SqliteAuditStore } from './sqlite/sqlite-audit-store.js';

export interface HostAuditLog {
  readonly log: AuditLog;
  readonly store: SqliteAuditStore;
  readonly paths: AuditPaths;
  /** Signs the end of the log (a clean shutdown) and closes the database. */
  close(): Promise<void>;
}

export interface HostAuditLogOptions extends Omit<AuditLogOptions, 'checkpointCopy'> {
  /** WAL pages after which this process's commits checkpoint the WAL (SqliteAuditStore's default when absent). */
  readonly walAutocheckpointPages?: number;
  /** This process starts often and appends at once (proxy, gateway): give a new WAL its full size at open. */
  readonly preallocateWal?: boolean;
}

export async function openHostAuditLog(wardenHome: string, options: HostAuditLogOptions = {}): Promise<HostAuditLog> {
  const { walAutocheckpointPages, preallocateWal, ...logOptions } = options;
  const paths = auditPaths(wardenHome);
  const key = loadOrCreateHostKey(paths.keysDir);
  const store = await SqliteAuditStore.open(paths.db, { ...(walAutocheckpointPages === undefined ? {} : { walAutocheckpointPages }), preallocateWal: preallocateWal ?? false });
  try {
    const log = await AuditLog.open(store, key, { ...logOptions, checkpointCopy: checkpointCopyFile(paths.checkpointCopy) });
    return {
      log,
      store,
      paths,
      async close() {
        try {
          await log.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
