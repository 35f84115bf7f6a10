// The audit log as a hook process without the daemon writes it: opened for the call, the
// entries appended (durable once the promise resolves), closed again. Loaded only when used.
import type { AuditRecorder } from './run-hook.js';

export function hostAuditRecorder(wardenHome: string): AuditRecorder {
  return async (entries) => {
    const { openHostAuditLog } = await import('../../store/host-audit-log.js');
    const audit = await openHostAuditLog(wardenHome);
    try {
      await audit.log.appendBatch(entries);
    } finally {
      await audit.close();
    }
  };
}
