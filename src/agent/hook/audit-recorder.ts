// The audit log as a hook process without the daemon writes it: opened for the call, the
// entries appended (durable once the promise resolves), closed again. Loaded only when used.
// Under a request id, entries the daemon recorded for the same call first are not written again.
import type { AuditRecorder } from './run-hook.js';

export function hostAuditRecorder(wardenHome: string): AuditRecorder {
  return async (entries, requestId) => {
    const { openHostAuditLog } = await import('../../store/host-audit-log.js');
    const audit = await openHostAuditLog(wardenHome);
    try {
      if (requestId === undefined) await audit.log.appendBatch(entries);
      else {
        const done = await audit.log.appendOnce(requestId, entries);
        if (done.kind === 'already') return { already: done.records };
      }
    } finally {
      await audit.close();
    }
    return undefined;
  };
}
