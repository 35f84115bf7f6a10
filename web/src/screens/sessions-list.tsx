// Agent sessions across the fleet, most recent first; each opens as a timeline.
import { api, query as qs } from '../api/client';
import type { Host, SessionSummary } from '../api/types';
import { Link, navigate, useLocation, useTitle } from '../router';
import { Badge } from '../ui/badges';
import { formatDuration, formatTime } from '../ui/format';
import { PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useQuery } from '../use-query';

export function SessionsScreen() {
  useTitle('Sessions');
  const { params } = useLocation();
  const hostId = params.get('hostId') ?? '';
  const sessions = useQuery(() => api.get<{ sessions: SessionSummary[] }>(`/sessions${qs({ hostId, limit: 200 })}`), [hostId]);
  const hosts = useQuery(() => api.get<{ hosts: Host[] }>('/hosts'), []);

  return (
    <>
      <PageHeader title="Sessions" description="One row per agent session: how long it ran, how many calls it made and how many were blocked. Open one to see every call, verdict and pause in order." />
      <div className="toolbar">
        <label className="sr-only" htmlFor="session-host">Host</label>
        <select id="session-host" className="select select-inline" value={hostId} onChange={(e) => navigate(`/sessions${qs({ hostId: e.target.value })}`, { replace: true })}>
          <option value="">All hosts</option>
          {(hosts.data?.hosts ?? []).map((h) => <option key={h.id} value={h.id}>{h.hostname}</option>)}
        </select>
      </div>
      <QueryView state={sessions.state} onRetry={sessions.reload}>
        {({ sessions: list }) =>
          list.length === 0 ? (
            <div className="card">
              <EmptyState icon="sessions" title="No sessions yet">Sessions appear once hosts upload entries that carry an agent session id.</EmptyState>
            </div>
          ) : (
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
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={`${s.hostId}/${s.session}`}>
                      <td>
                        <Link to={`/sessions/${encodeURIComponent(s.session)}${qs({ hostId: s.hostId })}`} className="cell-title mono">{s.session.length > 24 ? `${s.session.slice(0, 24)}…` : s.session}</Link>
                      </td>
                      <td className="nowrap"><Link to={`/hosts/${s.hostId}`}>{s.hostname}</Link></td>
                      <td className="muted">{s.agent ?? '—'}</td>
                      <td className="col-time">{formatTime(s.firstTime)}</td>
                      <td className="muted nowrap">{formatDuration((new Date(s.lastTime).getTime() - new Date(s.firstTime).getTime()) / 1000)}</td>
                      <td className="col-num">{s.calls.toLocaleString()}</td>
                      <td className="col-num">{s.blocked ? <Badge tone="danger">{s.blocked}</Badge> : <span className="muted">0</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </>
  );
}
