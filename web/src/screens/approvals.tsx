// Plugin approvals: MCP servers and plugins hosts found that the org has not decided on.
// Approve, block (every host then denies it) or dismiss.
import { useState } from 'react';
import { api, query as qs } from '../api/client';
import type { Approval, ApprovalStatus } from '../api/types';
import { Link, useTitle } from '../router';
import { useMe } from '../session';
import { Badge, SeverityBadge, type Tone } from '../ui/badges';
import { useConfirm } from '../ui/dialog';
import { formatAgo, humanize } from '../ui/format';
import { PageHeader, Tabs } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';

type View = ApprovalStatus | 'all';
const tone: Record<ApprovalStatus, Tone> = { pending: 'warning', approved: 'success', blocked: 'danger', dismissed: 'neutral' };

export function ApprovalsScreen() {
  useTitle('Plugin approvals');
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const [view, setView] = useState<View>('pending');
  const approvals = useQuery(() => api.get<{ approvals: Approval[] }>(`/approvals${qs({ status: view === 'all' ? '' : view })}`), [view]);

  const decide = async (a: Approval, action: 'approve' | 'block' | 'dismiss'): Promise<void> => {
    if (action === 'block') {
      const ok = await confirm({
        title: `Block ${a.name}?`,
        body: `Every host's policy gets a deny rule for ${a.name}/* at the top of its MCP rules, pushed within seconds. Agents can no longer call its tools.`,
        confirm: 'Block everywhere',
        danger: true,
      });
      if (!ok) return;
    }
    try {
      await api.post<Approval>(`/approvals/${a.id}/${action}`);
      toast.success(action === 'approve' ? `Approved ${a.name}` : action === 'block' ? `Blocked ${a.name} on every host` : `Dismissed ${a.name}`);
      approvals.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader title="Plugin approvals" description="New MCP servers, plugins and extensions detected on hosts. Pending ones can run but are flagged in the audit log until you decide." />
      <Tabs<View>
        label="Approval status"
        value={view}
        onChange={setView}
        options={[
          { value: 'pending', label: 'Pending' },
          { value: 'approved', label: 'Approved' },
          { value: 'blocked', label: 'Blocked' },
          { value: 'dismissed', label: 'Dismissed' },
          { value: 'all', label: 'All' },
        ]}
      />
      <QueryView state={approvals.state} onRetry={approvals.reload}>
        {({ approvals: list }) =>
          list.length === 0 ? (
            <div className="card">
              <EmptyState icon="approvals" title={view === 'pending' ? 'Nothing awaiting approval' : 'Nothing here'}>
                {view === 'pending' ? 'When a host finds an MCP server or plugin the organization has not reviewed, it shows up here.' : 'No approvals in this state.'}
              </EmptyState>
            </div>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Type</th>
                    <th>Host</th>
                    <th>Scan findings</th>
                    <th>Status</th>
                    <th>Detected</th>
                    {me.isAdmin ? <th className="col-actions"><span className="sr-only">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.id} data-approval={a.name}>
                      <td>
                        <div className="cell-title nowrap">{a.name}</div>
                        <div className="cell-sub">{a.version ? `v${a.version}` : 'version unknown'}</div>
                      </td>
                      <td><Badge>{humanize(a.type)}</Badge></td>
                      <td className="nowrap">{a.hostId ? <Link to={`/hosts/${a.hostId}`}>{a.hostname ?? a.hostId}</Link> : '—'}</td>
                      <td>
                        {a.findings.length ? (
                          <ul className="findings">
                            {a.findings.map((f, i) => (
                              <li key={i}><SeverityBadge severity={f.severity} />{f.title}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">No findings</span>
                        )}
                      </td>
                      <td>
                        <Badge tone={tone[a.status]} dot>{humanize(a.status)}</Badge>
                        {a.decidedBy ? <div className="cell-sub">by {a.decidedBy}</div> : null}
                      </td>
                      <td className="col-time">{formatAgo(a.detectedAt)}</td>
                      {me.isAdmin ? (
                        <td className="col-actions">
                          <div className="row-actions">
                            <button type="button" className="btn btn-secondary btn-sm" disabled={a.status === 'approved'} onClick={() => void decide(a, 'approve')}>Approve</button>
                            <button type="button" className="btn btn-ghost-danger btn-sm" disabled={a.status === 'blocked'} onClick={() => void decide(a, 'block')}>Block</button>
                            <button type="button" className="btn btn-ghost btn-sm" disabled={a.status !== 'pending'} onClick={() => void decide(a, 'dismiss')}>Dismiss</button>
                          </div>
                        </td>
                      ) : null}
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
