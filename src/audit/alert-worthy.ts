// Which audit entries people should hear about: the same choice for the control plane's alerts
// and for the webhooks `warden watch` feeds.
import type { AuditRecord } from './entry.js';

/** What makes the entry an alert (its title's first words), or null when it is not one. */
export function alertWorthy(r: Pick<AuditRecord, 'type' | 'outcome' | 'severity'>): string | null {
  if (r.type === 'integrity') return 'Integrity event';
  if (r.outcome === 'blocked') return 'Blocked';
  if (r.outcome === 'held') return 'Held for approval';
  if (r.outcome === 'would_block' && (r.severity === 'high' || r.severity === 'critical')) return 'Would block';
  return null;
}
