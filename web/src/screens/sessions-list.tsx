// Agent sessions across the fleet, most recent first, a page at a time; each opens as a timeline.
import { useState } from 'react';
import { api, query as qs } from '../api/client';
import type { Host, SessionSummary } from '../api/types';
import { Link, navigate, useLocation, useTitle } from '../router';
import { Badge } from '../ui/badges';
import { formatDuration, formatTime } from '../ui/format';
import { PageHeader } from '../ui/page';
import { EmptyState, QueryView, Spinner } from '../ui/states';
import { useQuery } from '../use-query';

const PAGE = 50;

export function SessionsScreen() {
  useTitle('Sessions');
  const { params } = useLocation();
  const hostId = params.get('hostId') ?? '';
  // The cursors of the pages before this one, kept per host filter (as the audit log does).
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key: hostId, stack: [] });
  const stack = cursors.key === hostId ? cursors.stack : [];
  const cursor = stack.at(-1) ?? '';
  const sessions = useQuery(() => api.get<{ sessions: SessionSummary[]; nextCursor: string | null }>(`/sessions${qs({ hostId, limit: PAGE, cursor })}`), [hostId, cursor]);
  const hosts = useQuery(() => api.get<{ hosts: Host[] }>('/hosts'), []);

  return (
    <>
      <PageHeader title="Sessions" description="One row per agent session: how long it ran, how many calls it made, how many were blocked and how many monitor mode let through that enforce mode would block. Open one to see every call, verdict and pause in order." />
      <div className="toolbar">
        <label className="sr-only" htmlFor="session-host">Host</label>
        <select id="session-host" className="select select-inline" value={hostId} onChange={(e) => navigate(`/sessions${qs({ hostId: e.target.value })}`, { replace: true })}>
          <option value="">All hosts</option>
          {(hosts.data?.hosts ?? []).map((h) => <option key={h.id} value={h.id}>{h.hostname}</option>)}
        </select>
      </div>
      <QueryView state={sessions.state} onRetry={sessions.reload}>
        {({ sessions: list, nextCursor }) =>
          list.length === 0 && !stack.length ? (
            <div className="card">
              <EmptyState icon="sessions" title="No sessions yet">Sessions appear once hosts upload entries that carry an agent session id.</EmptyState>
            </div>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>Session</th>
                      <th>Host</th>
                      <th>Agent</th>
                      <th>Started</th>
                      <th>Duration</th>
                      <th className="col-num">Calls</th>
                      <th className="col-num">Blocked</th>
                      <th className="col-num" title="Calls monitor mode let through that enforce mode would have blocked">Would block</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((s) => (
                      <tr key={`${s.hostId}/${s.session}`} data-session={s.session}>
                        <td className="nowrap">
                          <Link to={`/sessions/${encodeURIComponent(s.session)}${qs({ hostId: s.hostId })}`} className="cell-title mono">{s.session.length > 24 ? `${s.session.slice(0, 24)}…` : s.session}</Link>
                        </td>
                        <td className="nowrap"><Link to={`/hosts/${s.hostId}`}>{s.hostname}</Link></td>
                        <td className="muted nowrap">{s.agent ?? '—'}</td>
                        <td className="col-time">{formatTime(s.firstTime)}</td>
                        <td className="muted nowrap">{formatDuration((new Date(s.lastTime).getTime() - new Date(s.firstTime).getTime()) / 1000)}</td>
                        <td className="col-num">{s.calls.toLocaleString()}</td>
                        <td className="col-num">{s.blocked ? <Badge tone="danger">{s.blocked}</Badge> : <span className="muted">0</span>}</td>
                        <td className="col-num">{s.wouldBlock ? <Badge tone="warning">{s.wouldBlock}</Badge> : <span className="muted">0</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="table-footer">
                <span className="row">
                  {sessions.refreshing ? <Spinner /> : null}
                  Page {stack.length + 1} · {list.length} session{list.length === 1 ? '' : 's'}
                </span>
                <span className="row">
                  <button type="button" className="btn btn-secondary btn-sm" disabled={!stack.length} onClick={() => setCursors({ key: hostId, stack: stack.slice(0, -1) })}>
                    Newer
                  </button>
                  <button type="button" className="btn btn-secondary btn-sm" disabled={!nextCursor} onClick={() => nextCursor && setCursors({ key: hostId, stack: [...stack, nextCursor] })}>
                    Older
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={sessions.reload}>Refresh</button>
                </span>
              </div>
            </>
          )
        }
      </QueryView>
    </>
  );
}
