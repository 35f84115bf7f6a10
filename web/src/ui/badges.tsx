// Coloured labels for the project's vocabulary: mode, verdict, outcome, severity, status.
import type { ReactNode } from 'react';
import type { Mode, Outcome, Severity, Verdict } from '../api/types';
import { humanize } from './format';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info' | 'critical';

export function Badge({ tone = 'neutral', dot, children, title }: { readonly tone?: Tone; readonly dot?: boolean; readonly children: ReactNode; readonly title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {dot ? <span className="badge-dot" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

export function ModeBadge({ mode }: { readonly mode: Mode }) {
  return mode === 'enforce' ? (
    <Badge tone="accent" dot>
      Enforcing
    </Badge>
  ) : (
    <Badge tone="neutral" dot>
      Monitoring
    </Badge>
  );
}

const severityTone: Record<Severity, Tone> = { info: 'neutral', low: 'info', medium: 'warning', high: 'danger', critical: 'critical' };

export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  return <Badge tone={severityTone[severity]}>{humanize(severity)}</Badge>;
}

const outcomeTone: Record<Outcome, Tone> = { allowed: 'success', blocked: 'danger', would_block: 'warning', held: 'info', approved: 'success', denied: 'danger' };

export function OutcomeBadge({ outcome }: { readonly outcome: Outcome }) {
  return (
    <Badge tone={outcomeTone[outcome]} dot>
      {humanize(outcome)}
    </Badge>
  );
}

const verdictTone: Record<Verdict, Tone> = { allow: 'success', flag: 'warning', ask: 'info', block: 'danger' };

export function VerdictBadge({ verdict }: { readonly verdict: Verdict }) {
  return <Badge tone={verdictTone[verdict]}>{humanize(verdict)}</Badge>;
}

export function ActionBadge({ action }: { readonly action: 'allow' | 'deny' | 'ask' }) {
  const tone: Tone = action === 'allow' ? 'success' : action === 'deny' ? 'danger' : 'info';
  return <Badge tone={tone}>{action}</Badge>;
}

export function StatusDot({ online }: { readonly online: boolean }) {
  return (
    <span className={`status ${online ? 'status-online' : 'status-offline'}`}>
      <span className="status-dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline'}
    </span>
  );
}
