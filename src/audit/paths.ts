// Where the audit log keeps its state under WARDEN_HOME.
import { join } from 'node:path';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from './host-key.js';

export interface AuditPaths {
  readonly db: string;
  readonly keysDir: string;
  readonly privateKey: string;
  readonly publicKey: string;
  /** The copy of the latest signed checkpoint. */
  readonly checkpointCopy: string;
}

export function auditPaths(wardenHome: string): AuditPaths {
  const keysDir = join(wardenHome, 'keys');
  return {
    db: join(wardenHome, 'audit.db'),
    keysDir,
    privateKey: join(keysDir, PRIVATE_KEY_FILE),
    publicKey: join(keysDir, PUBLIC_KEY_FILE),
    checkpointCopy: join(wardenHome, 'audit-checkpoint.json'),
  };
}
