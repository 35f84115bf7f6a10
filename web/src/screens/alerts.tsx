// Alerts that need a human: policy violations, integrity breaks, new plugins. Acknowledge,
// escalate or resolve; resolved alerts are kept.
import { useState } from 'react';
import { api, query as qs } from '../api/client';
import type { Alert, AlertStatus } from '../api/types';
import { Link, useTitle } from '../router';
import { useMe } from '../session';
import { Badge, SeverityBadge, type Tone } from '../ui/badges';
import { formatAgo, humanize } from '../ui/format';
import { PageHeader, Tabs } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';

type View = 'active' | AlertStatus | 'all';
const VIEW_STATUS: Record<View, string> = {
  active: 'open,acknowledged,escalated',
  open: 'open',
  acknowledged: 'acknowledged',
  escalated: 'escalated',
  resolved: 'resolved',
  all: 'open,acknowledged,escalated,resolved',
};
const statusTone: Record<AlertStatus, Tone> = { open: 'danger', acknowledged: 'info', escalated: 'warning', resolved: 'success' };
const kindLabel: Record<Alert['kind'], string> = { policy: 'Policy', integrity: 'Integrity', plugin: 'Plugin' };

export function AlertsScreen() {
  useTitle('Alerts');
  const me = useMe();
  const toast = useToast();
  const [view, setView] = useState<View>('active');
  const [kind, setKind] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const cursor = pages.at(-1) ?? '';
  const alerts = useQuery(() => api.get<{ alerts: Alert[]; nextCursor: string | null }>(`/alerts${qs({ status: VIEW_STATUS[view], kind, limit: 50, cursor })}`), [view, kind, cursor]);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (alert: Alert, action: 'acknowledge' | 'escalate' | 'resolve'): Promise<void> => {
    setBusy(alert.id);
    try {
      await api.post<Alert>(`/alerts/${alert.id}/${action}`);
      toast.success(`${action === 'acknowledge' ? 'Acknowledged' : action === 'escalate' ? 'Escalated' : 'Resolved'}: ${alert.title}`);
      alerts.reload();
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader title="Alerts" description="Events that need a human: blocked violations, audit chain integrity breaks, and new MCP servers or plugins awaiting approval." />
      <div className="row">
        <Tabs<View>
          label="Alert status"
          value={view}
          onChange={(v) => { setView(v); setPages([]); }}
          options={[
            { value: 'active', label: 'Needs attention' },
            { value: 'open', label: 'Open' },
            { value: 'acknowledged', label: 'Acknowledged' },
            { value: 'escalated', label: 'Escalated' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'All' },
          ]}
        />
        <span className="spacer" />
        <label className="sr-only" htmlFor="alert-kind">Kind</label>
        <select id="alert-kind" className="select select-sm select-inline" value={kind} onChange={(e) => { setKind(e.target.value); setPages([]); }}>
          <option value="">All kinds</option>
          <option value="policy">Policy</option>
          <option value="integrity">Integrity</option>
          <option value="plugin">Plugin</option>
        </select>
      </div>
      <QueryView state={alerts.state} onRetry={alerts.reload}>
        {({ alerts: list, nextCursor }) =>
          list.length === 0 ? (
            <div className="card">
              <EmptyState icon="alerts" title={view === 'active' ? 'All clear' : 'No alerts here'}>
                {view === 'active' ? 'No alert needs attention right now.' : 'Nothing matches this view.'}
              </EmptyState>
            </div>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>Severity</th>
                      <th>Alert</th>
                      <th>Kind</th>
                      <th>Host</th>
                      <th>Status</th>
                      <th>Raised</th>
                      {me.isAdmin ? <th className="col-actions"><span className="sr-only">Actions</span></th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((a) => (
                      <tr key={a.id} data-alert={a.id}>
                        <td><SeverityBadge severity={a.severity} /></td>
                        <td>
                          <div className="cell-title">{a.title}</div>
                          <div className="cell-sub">{a.detail}</div>
                        </td>
                        <td><Badge>{kindLabel[a.kind]}</Badge></td>
                        <td className="nowrap">{a.hostId ? <Link to={`/hosts/${a.hostId}`}>{a.hostname ?? a.hostId}</Link> : '—'}</td>
                        <td>
                          <Badge tone={statusTone[a.status]} dot>{humanize(a.status)}</Badge>
                          {a.updatedBy ? <div className="cell-sub">by {a.updatedBy}</div> : null}
                        </td>
                        <td className="col-time">{formatAgo(a.createdAt)}</td>
                        {me.isAdmin ? (
                          <td className="col-actions">
                            {a.status === 'resolved' ? (
                              <span className="muted">Resolved {formatAgo(a.resolvedAt)}</span>
                            ) : (
                              <div className="row-actions">
                                <button type="button" className="btn btn-ghost btn-sm" disabled={busy === a.id || a.status === 'acknowledged'} onClick={() => void act(a, 'acknowledge')}>Acknowledge</button>
                                <button type="button" className="btn btn-ghost btn-sm" disabled={busy === a.id || a.status === 'escalated'} onClick={() => void act(a, 'escalate')}>Escalate</button>
                                <button type="button" className="btn btn-secondary btn-sm" disabled={busy === a.id} onClick={() => void act(a, 'resolve')}>Resolve</button>
                              </div>
                            )}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="table-footer">
                <span>Newest first</span>
                <span className="row">
                  <button type="button" className="btn btn-secondary btn-sm" disabled={!pages.length} onClick={() => setPages(pages.slice(0, -1))}>Newer</button>
                  <button type="button" className="btn btn-secondary btn-sm" disabled={!nextCursor} onClick={() => nextCursor && setPages([...pages, nextCursor])}>Older</button>
                </span>
              </div>
            </>
          )
        }
      </QueryView>
    </>
  );
}
