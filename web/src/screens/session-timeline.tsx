// One agent session in time order: every call with its verdict, and the pauses between them.
import { api, query as qs } from '../api/client';
import type { AuditEntry, SessionTimeline } from '../api/types';
import { Link, useLocation, useTitle } from '../router';
import { OutcomeBadge, SeverityBadge } from '../ui/badges';
import { formatClock, formatDuration, formatTime, humanize } from '../ui/format';
import { PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useQuery } from '../use-query';

function marker(e: AuditEntry): string {
  if (e.outcome === 'blocked' || e.outcome === 'denied') return 'tl-marker tl-marker-block';
  if (e.outcome === 'would_block' || e.verdict === 'flag') return 'tl-marker tl-marker-warn';
  if (e.outcome === 'held' || e.verdict === 'ask') return 'tl-marker tl-marker-ask';
  return 'tl-marker';
}

export function SessionTimelineScreen({ session }: { readonly session: string }) {
  useTitle('Session');
  const { params } = useLocation();
  const hostId = params.get('hostId') ?? '';
  const timeline = useQuery(() => api.get<SessionTimeline>(`/sessions/${encodeURIComponent(session)}${qs({ hostId })}`), [session, hostId]);

  return (
    <QueryView state={timeline.state} onRetry={timeline.reload}>
      {(t) => {
        const calls = t.items.filter((i) => i.kind === 'call');
        const blocked = calls.filter((i) => i.entry.outcome === 'blocked').length;
        const first = calls[0]?.entry.time;
        const last = calls.at(-1)?.entry.time;
        return (
          <>
            <PageHeader
              back={{ to: '/sessions', label: 'Sessions' }}
              title={<span className="mono">{t.session}</span>}
              description={<>{t.agent ?? 'Unknown agent'} on <Link to={`/hosts/${t.hostId}`}>{t.hostname}</Link>{first ? ` · ${formatTime(first)}` : ''}</>}
              actions={<Link className="btn btn-secondary" to={`/audit${qs({ session: t.session, hostId: t.hostId })}`}>Open in audit log</Link>}
            />
            <div className="stats">
              <div className="stat"><div className="stat-label">Calls</div><div className="stat-value">{calls.length}</div></div>
              <div className="stat"><div className="stat-label">Blocked</div><div className="stat-value">{blocked}</div></div>
              <div className="stat"><div className="stat-label">Pauses ≥ 5 min</div><div className="stat-value">{t.items.length - calls.length}</div></div>
              <div className="stat"><div className="stat-label">Duration</div><div className="stat-value">{first && last ? formatDuration((new Date(last).getTime() - new Date(first).getTime()) / 1000) : '—'}</div></div>
            </div>
            {t.items.length === 0 ? (
              <div className="card"><EmptyState icon="sessions" title="No calls in this session" /></div>
            ) : (
              <ol className="timeline" aria-label="Session timeline">
                {t.items.map((item, i) =>
                  item.kind === 'gap' ? (
                    <li key={`gap-${i}`} className="tl-gap">
                      <span />
                      <span />
                      <span className="tl-gap-line">Paused {formatDuration(item.seconds)}</span>
                    </li>
                  ) : (
                    <li key={item.entry.id} className="tl-item">
                      <span className="tl-time">{formatClock(item.entry.time)}</span>
                      <span className={marker(item.entry)} aria-hidden="true" />
                      <div className="tl-card">
                        <div className="tl-card-head">
                          <OutcomeBadge outcome={item.entry.outcome} />
                          <SeverityBadge severity={item.entry.severity} />
                          <span className="muted">{humanize(item.entry.type)}{item.entry.tool ? ` · ${item.entry.tool}` : ''}</span>
                          {item.entry.rule ? <code className="code-inline">{item.entry.rule}</code> : null}
                        </div>
                        <div className="tl-subject">{item.entry.subject}</div>
                        {item.entry.reason ? <div className="tl-reason">{item.entry.reason}</div> : null}
                      </div>
                    </li>
                  ),
                )}
              </ol>
            )}
          </>
        );
      }}
    </QueryView>
  );
}
