// Alerts an upload raises: one `integrity` alert per break in a host's chain or signatures, and
// one `policy` alert per entry people should look at (blocked, held, or high-severity would-block,
// and integrity events the host itself reported).
import { alertWorthy } from '../audit/alert-worthy.js';
import type { IngestResult } from '../store/fleet/audit-ingest.js';
import type { NewAlert } from '../store/fleet/alerts.js';
import type { FleetStore } from '../store/fleet/fleet-store.js';
import type { HostRecord } from '../store/fleet/types.js';

const MAX_TITLE = 160;

const short = (s: string): string => (s.length > MAX_TITLE ? `${s.slice(0, MAX_TITLE - 1)}…` : s).replace(/[\r\n\t]+/g, ' ');

export async function raiseIngestAlerts(store: FleetStore, host: HostRecord, result: IngestResult): Promise<void> {
  const alerts: NewAlert[] = result.integrity.map((p) => ({
    kind: 'integrity', severity: 'critical', title: `Audit log integrity break on ${host.hostname} at entry ${p.seq}`, detail: `${p.problem}: ${p.detail}`,
    hostId: host.id, dedupeKey: `integrity:${host.id}:${p.seq}:${p.problem}`,
  }));
  for (const { id, record } of result.inserted) {
    const what = alertWorthy(record);
    if (!what) continue;
    alerts.push({
      kind: record.type === 'integrity' ? 'integrity' : 'policy', severity: record.severity,
      title: short(`${what}: ${record.subject}`),
      detail: `${record.reason}${record.rule ? ` (rule ${record.rule})` : ''}; ${record.agent ?? 'unknown agent'} on ${host.hostname}, role ${record.role ?? '?'} in ${record.mode ?? '?'} mode`,
      hostId: host.id, auditId: id, dedupeKey: `audit:${id}`,
    });
  }
  await store.alerts.raiseMany(host.orgId, alerts);
}
